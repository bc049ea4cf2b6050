"""Drives the TAXII 2.1 server of the real `canhgiac serve` with the reference client
(taxii2-client): discovery -> API root -> collections -> objects page by page (following
`next`) -> manifest, over a fresh SQLite store holding one confirmed campaign.

usage: taxii-check.py CANHGIAC_BINARY"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

import requests
from taxii2client.v21 import Server, as_pages

WALLET = "TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte"
THREAT = ("Tôi là thám tử tư được thuê theo dõi anh. Tôi có ảnh nhạy cảm của anh. Chuyển 3000 "
          f"USDT vào ví {WALLET} trước 9h sáng mai, nếu không tôi gửi hết cho vợ và sếp của anh.")


class Bearer(requests.auth.AuthBase):
    def __init__(self, token):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def post(base, path, body, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        store = ["--db", f"sqlite://{tmp}/store.db"]
        token = subprocess.run([binary, "user", "add", "taxii", *store], check=True,
                               capture_output=True, text=True).stdout.strip()
        server = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", *store],
                                  stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, "CANHGIAC_LOG": "warn"})
        try:
            base = server.stdout.readline().strip().removeprefix("listening on ")
            first = post(base, "/api/v1/reports", {"text": THREAT})
            post(base, "/api/v1/reports", {"text": THREAT + " Đừng báo công an."})
            post(base, "/api/v1/decisions", {"target": "report", "report_id": first["id"],
                                             "decision": "confirmed", "reason": "xác nhận"}, token)
            auth = Bearer(token)
            discovery = Server(base + "/taxii2/", auth=auth)
            root = discovery.default or discovery.api_roots[0]
            print(f"discovery: {discovery.title!r}, API root {root.url}, versions {root.versions}")
            collections = root.collections
            assert len(collections) == 1, collections
            collection = collections[0]
            assert collection.can_read and not collection.can_write
            pages = 0
            ids = []
            for envelope in as_pages(collection.get_objects, per_request=4):
                pages += 1
                ids.extend(o["id"] for o in envelope.get("objects", []))
            manifest = collection.get_manifest()
            listed = [o["id"] for o in manifest.get("objects", [])]
            types = sorted({i.split("--")[0] for i in ids})
            print(f"objects: {len(ids)} in {pages} pages of at most 4; types {types}")
            assert pages > 1, "the objects came in one page"
            assert len(ids) == len(set(ids)) == len(listed), (len(ids), len(listed))
            assert "campaign" in types and "indicator" in types, types
            assert any(WALLET in json.dumps(o) for o in
                       collection.get_objects(type="indicator").get("objects", []))
            print("taxii2-client: discovery -> collections -> paged objects -> manifest: passed")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
