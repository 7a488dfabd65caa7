import requests

def status():
    return requests.post("http://127.0.0.1:2379/v3beta/maintenance/status", json={}).json()
