"""Synthetic data for the load test: N indicators as CSV `kind,value,source`, look-up paths
(mostly stored values written the way people type them, some unknown), and nothing else.
Every value is made up here; wallets carry valid checksums so the importer accepts them."""
import hashlib
import random
import sys
import urllib.parse

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(version, payload):
    data = bytes([version]) + payload
    data += hashlib.sha256(hashlib.sha256(data).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def main(count, csv_path, lookups_path, lookups):
    rng = random.Random(20261129)
    prefixes = ["32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79",
                "81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "93", "94", "96",
                "97", "98"]
    typed = []
    with open(csv_path, "w") as out:
        out.write("kind,value,source\n")
        for i in range(count):
            r = i % 10
            if r < 4:
                local = "0" + rng.choice(prefixes) + f"{rng.randrange(10**7):07d}"
                out.write(f"phone,{local},load-test\n")
                spelled = f"{local[:4]} {local[4:7]} {local[7:]}"
                typed.append(("phone", spelled))
            elif r < 7:
                host = f"qua-tang-{i}-{rng.randrange(10**6)}.{rng.choice(['com', 'net', 'vn', 'xyz', 'top'])}"
                out.write(f"url,{host},load-test\n")
                typed.append(("url", host.upper() if i % 3 == 0 else host))
            elif r < 9:
                wallet = base58check(0, rng.randbytes(20))
                out.write(f"btc,{wallet},load-test\n")
                typed.append(("btc", wallet))
            else:
                account = f"{rng.randrange(10**12):012d}"
                out.write(f"bank_account,{account},load-test\n")
                typed.append(("bank_account", f"{account[:4]} {account[4:8]} {account[8:]}"))
    with open(lookups_path, "w") as out:
        for j in range(lookups):
            if j % 10 == 9:
                kind, value = "phone", "09" + f"{rng.randrange(10**8):08d}"
            else:
                kind, value = typed[rng.randrange(len(typed))]
            out.write(f"/api/v1/lookup?kind={kind}&value={urllib.parse.quote(value)}\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]))
