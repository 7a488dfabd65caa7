# endpoints every etcd version serves
import requests

def healthy():
    return requests.get("http://127.0.0.1:2379/health").json()["health"] == "true"
