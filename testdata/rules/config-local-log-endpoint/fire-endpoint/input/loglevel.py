import requests

def set_level(level):
    requests.put("http://127.0.0.1:2379/config/local/log", json={"Level": level})
