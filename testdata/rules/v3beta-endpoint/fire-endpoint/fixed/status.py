import requests

def status():
    return requests.post("http://127.0.0.1:2379/v3/maintenance/status", json={}).json()
