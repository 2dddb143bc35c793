#!/usr/bin/env python3
"""Writes the documented-sample seeds of the decoder fuzz targets, then truncated and mutated forms of every seed.

Input layout (Fuzz/Sources/FuzzSupport/DecoderInput.swift): byte 0 = answer index, byte 1 = status byte, byte 2 =
header-block length n, then n bytes of `Name: value` lines, then the body. Run by make-seeds.sh after the recorder.
Samples are quoted from /work/shared/contracts/SERVICES.md (section numbers in the comments).
"""
import hashlib
import json
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Corpus")
STATUSES = [200, 200, 201, 204, 206, 400, 401, 403, 404, 408, 409, 416, 422, 429, 500, 503]
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE1NTQ0MDUzNjQsImV4dCI6e30sImltcCI6ZmFsc2UsInN1YiI6IjAxRDM5OEtXTjlB"
       "WEI3NkgyRUZONFcwOVFIIn0.c2ln")
SPACELIFT_JWT = ("eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsiaHR0cHM6Ly9mb28uYXBwLnNwYWNlbGlmdC5pbyJdLCJleHAiOjE2NjE1MDMyODcuNDk1NDA3"
                 "MSwiaWF0IjoxNjYxNDk5Njg3LjQ5NTQwNzF9.c2ln")


def frame(answer, status, body, headers=""):
    status_byte = STATUSES.index(status) if status in STATUSES else 128 + (status - 100) // 4
    header = headers.encode()[:255]
    return bytes([answer, status_byte, len(header)]) + header + (body if isinstance(body, bytes) else body.encode())


# Per target: (answer index, status, body, headers). Answer indices follow each service's Answer enum.
DOCUMENTED = {
    "FuzzDecodeMASV": [
        # 1.2 POST /auth
        (0, 200, json.dumps({"teams": [{"id": "01D377KWTJDPC8JQC6XVGPMHDW", "name": "Default Team", "subdomain": "a8fc91fa"}],
                             "token": JWT, "user": {"email": "a@b.c", "id": "01D398ZWSXWS8YBZKXCW56BF4H", "level": "basic"}}),
         "Date: Sun, 06 Nov 1994 08:49:37 GMT\n"),
        # 1.4 package objects
        (1, 201, json.dumps({"id": "01ENX9B1J68NT9Y4QHXD7T0X6S", "access_token": JWT, "name": "n", "state": "new",
                             "size": 0, "total_files": 0, "unlimited_storage": False, "expiry": "2030-01-01T00:00:00.000Z"}), ""),
        (2, 200, json.dumps({"id": "P", "state": "finalized", "size": 28176354, "expiry": "2030-01-01T00:00:00Z",
                             "unlimited_storage": True, "links": [], "extras": {}}), ""),
        # 1.7 files, download URL, link, redeemed link
        (3, 200, json.dumps([{"id": "F", "kind": "zip_windows", "last_modified": "2026-01-01T00:00:00Z", "name": "a.mov",
                              "size": 40, "virus_detected": False}]), ""),
        (4, 200, json.dumps({"url": "https://masv-storage.s3.amazonaws.com/x?X-Amz-Signature=s"}), ""),
        (5, 201, json.dumps({"access_limit": 5, "id": "L", "secret": "s", "active": False, "password_protected": True,
                             "expiry": "2030-01-01T00:00:00.123Z"}), ""),
        (6, 200, json.dumps({"branding": {"primary_color": "#1DD4CA"}, "expiry": "2030-01-01T00:00:00Z", "id": "L",
                             "name": "MASV Package", "package_id": "P", "package_size": 28176354, "package_token": JWT}), ""),
        # 1.9 transfers
        (7, 200, json.dumps({"id": "tr1", "state": "started", "access_token": JWT, "package_id": "P",
                             "direction": "cloud_to_masv", "provider": "amazon_s3", "retries": 0}), ""),
        (8, 200, json.dumps({"id": "tr1", "state": "complete"}), ""),
        (9, 200, json.dumps([{"id": "tr1", "state": "error", "retries": 2}]), ""),
        # 1.6 upload lifecycle
        (10, 200, json.dumps({"file": {"id": "F", "name": "a.mov", "kind": "file"}, "create_blueprint": {
            "url": "https://s3.example/u?uploads", "method": "POST", "headers": {"Content-Type": "x"}, "body": ""},
            "max_chunks_count": 10000, "max_chunk_size": 5368709120, "min_chunk_size": 5242880}), ""),
        (11, 200, '<?xml version="1.0"?><InitiateMultipartUploadResult><UploadId>a&amp;b</UploadId></InitiateMultipartUploadResult>', ""),
        (12, 200, json.dumps([{"url": "https://s3.example/u?partNumber=1", "method": "PUT", "headers": {}}]), ""),
        # 1.8 portals
        (13, 200, json.dumps({"id": "PORTAL"}), ""),
        (14, 206, "0123456789abcdef", "Content-Range: bytes 0-15/40\n"),
        # 1.11 errors
        (1, 401, json.dumps({"message": "invalid token"}), ""),
        (1, 429, json.dumps({"error": "slow down"}), "Retry-After: 7\n"),
        (1, 503, "", "Retry-After: Sun, 06 Nov 1994 08:49:37 GMT\n"),
        (0, 401, json.dumps({"code": 262146, "message": "session is nil"}), ""),
    ],
    "FuzzDecodeSpacelift": [
        # 2.2 exchanges
        (0, 200, json.dumps({"data": {"apiKeyUser": {"id": "k", "jwt": SPACELIFT_JWT, "validUntil": 1234567890}}}),
         "Date: Sun, 06 Nov 1994 08:49:37 GMT\n"),
        (0, 200, json.dumps({"data": {"apiKeyUser": None}}), ""),
        (1, 200, json.dumps({"data": {"oauthUser": {"jwt": SPACELIFT_JWT, "validUntil": 1661503287.5}}}), ""),
        (1, 200, json.dumps({"errors": [{"message": "bad"}]}), ""),
        # 2.4 errors and the 200 "unauthorized"
        (2, 200, json.dumps({"errors": [{"message": "unauthorized"}], "data": None}), ""),
        (2, 401, "", ""),
        (3, 200, json.dumps({"data": {"viewer": None}}), ""),
        (3, 200, json.dumps({"data": {"viewer": {"id": "u", "name": "User"}}}), ""),
        # 2.5 operations
        (4, 200, json.dumps({"data": {"stacks": []}}), ""),
        (4, 200, json.dumps({"data": {"stacks": [{"id": "my-stack-1", "name": "My Stack 1", "createdAt": 1661499687,
                                                   "description": None, "state": "FINISHED", "branch": "main"}]}}), ""),
        (5, 200, json.dumps({"data": {"stack": None}}), ""),
        (6, 200, json.dumps({"data": {"runTrigger": {"id": "r", "title": "t", "type": "PROPOSED"}}}), ""),
        (6, 200, json.dumps({"errors": [{"message": "stack not found", "path": ["runTrigger", 0]}]}), ""),
        (7, 200, SPACELIFT_JWT, ""),
        (7, 200, JWT, ""),
        (3, 429, json.dumps({"errors": [{"message": "rate limited"}]}), "Retry-After: 30\n"),
    ],
    "FuzzDecodeMassdriver": [
        # 3.3 viewer and server
        (0, 200, json.dumps({"data": {"viewer": {"__typename": "AccountViewer", "id": "a", "email": "e@x",
                                                  "firstName": "F", "lastName": "L"}}}), ""),
        (0, 200, json.dumps({"data": {"viewer": {"__typename": "ServiceAccountViewer", "id": "s", "name": "ci",
                                                  "description": None, "organization": {"id": "o", "name": "O"}}}}), ""),
        (1, 200, json.dumps({"data": {"server": {"appUrl": "https://app.massdriver.cloud", "mode": "MANAGED", "version": "1.2.3"}}}), ""),
        # 3.4 errors
        (0, 200, json.dumps({"errors": [{"message": "Authentication required", "code": "UNAUTHENTICATED"}]}), ""),
        (2, 200, json.dumps({"errors": [{"message": "Environment not found", "code": "NOT_FOUND", "path": ["environment"],
                                         "locations": [{"line": 2, "column": 3}]}]}), ""),
        (3, 200, json.dumps({"errors": [{"message": "no", "extensions": {"code": "FORBIDDEN"}}]}), ""),
        (4, 200, json.dumps({"data": {"createProject": {"successful": False, "result": None,
                                                         "messages": [{"field": "id", "message": "can't be blank", "code": "required"}]}}}), ""),
        (4, 200, json.dumps({"data": {"createProject": {"successful": True, "result": {"id": "p", "name": "P", "description": None}}}}), ""),
        # 3.5 pages
        (2, 200, json.dumps({"data": {"projects": {"items": [{"id": "p", "name": "P", "description": "d", "attributes": {}}],
                                                    "cursor": {"next": "n", "previous": None}}}}), ""),
        (3, 200, json.dumps({"data": {"environments": {"items": [{"id": "e", "name": "E", "project": {"id": "p"}}],
                                                        "cursor": {"next": None}}}}), ""),
        (1, 503, json.dumps({"errors": [{"message": "down"}]}), "Retry-After: 1\n"),
    ],
    "FuzzDecodeMudstack": [
        # 4.1 token: a bare JSON string
        (0, 200, json.dumps(JWT), "Date: Sun, 06 Nov 1994 08:49:37 GMT\n"),
        (0, 200, '""', ""),
        (0, 401, json.dumps({"error": "Unauthorized", "message": "Invalid or expired token"}), ""),
        # 4.3 / 4.4
        (2, 200, json.dumps([{"id": "w", "account_id": "a", "name": "W", "thumbnail_file_id": None, "defaultAvatar": 3,
                              "created_by_user_id": "u", "sequence": 1, "roles": {"workspace_id": "w", "user_id": "u",
                                                                                   "roles": ["owner"], "user": {}}, "usage": {}}]), ""),
        (1, 429, json.dumps({"error": "Too Many Requests", "message": "slow"}), "Retry-After: 2\n"),
    ],
    "FuzzDecodeMetaKraftwerk": [
        # 5.1 login
        (0, 201, json.dumps({"accessToken": JWT, "authentication": {"strategy": "local", "accessToken": JWT},
                             "user": {"id": 1, "email": "your.email@example.com"}}), "Date: Sun, 06 Nov 1994 08:49:37 GMT\n"),
        (0, 401, json.dumps({"name": "NotAuthenticated", "message": "Invalid login", "code": 401, "className": "not-authenticated"}), ""),
        # 5.2 endpoints
        (1, 200, json.dumps([{"id": 402, "name": "DEMO_PROJECT", "deleted": False, "disabled": False}]), ""),
        (5, 200, json.dumps([{"id": 5442, "customer_id": 1, "pattern_id": 808, "build_id": 5139, "name": "f.zip"}]), ""),
        (6, 200, b"PK\x03\x04binary", ""),
        # 5.3 Feathers errors
        (3, 401, json.dumps({"name": "NotAuthenticated", "message": "jwt expired", "code": 401, "className": "not-authenticated",
                             "data": {"name": "TokenExpiredError", "expiredAt": "2026-01-02T00:00:00.000Z"}}), ""),
        (3, 403, json.dumps({"name": "Forbidden", "message": "no", "code": 403, "className": "forbidden",
                             "data": {"permission": "read_builds"}}), ""),
        (7, 403, json.dumps({"name": "Forbidden", "message": "no", "code": 403, "className": "forbidden"}), ""),
        (4, 429, json.dumps({"name": "TooManyRequests", "message": "slow", "code": 429}), "Retry-After: 5\n"),
    ],
}


def mutations(seed, rng):
    """Truncated and mutated forms of a seed: cut bodies, an error status, a nulled or retyped value."""
    answer, status_byte, n = seed[0], seed[1], seed[2]
    head, body = seed[:3 + n], seed[3 + n:]
    out = []
    if len(body) > 2:
        out.append(head + body[: len(body) // 2])  # truncated in the middle
        out.append(head + body[:-1])  # the last byte missing
    out.append(bytes([answer, STATUSES.index(404), 0]) + body)  # the same body under an error status
    text = body.decode("utf-8", "replace")
    for old, new in [('":"', '":null,"x":"'), ('": "', '": 0, "x": "'), ("true", "\"true\""), ('"id"', '"ID"'),
                     ("[", "[[")]:
        if old in text:
            out.append(head + text.replace(old, new, 1).encode())
    if body:
        flipped = bytearray(body)
        flipped[rng.randrange(len(flipped))] ^= 0x20
        out.append(head + bytes(flipped))
    return out


def main():
    rng = random.Random(23)
    for target, samples in DOCUMENTED.items():
        directory = os.path.join(ROOT, target)
        os.makedirs(directory, exist_ok=True)
        for index, (answer, status, body, headers) in enumerate(samples):
            with open(os.path.join(directory, "doc-%02d" % index), "wb") as f:
                f.write(frame(answer, status, body, headers))
        seeds = [open(os.path.join(directory, name), "rb").read() for name in sorted(os.listdir(directory))
                 if name.startswith(("doc-", "emulator-"))]
        count = 0
        for seed in seeds:
            for mutated in mutations(seed, rng):
                name = "mutated-" + hashlib.sha1(mutated).hexdigest()[:12]
                with open(os.path.join(directory, name), "wb") as f:
                    f.write(mutated)
                count += 1
        print("%s: %d documented, %d mutated" % (target, len(samples), count))


if __name__ == "__main__":
    main()
