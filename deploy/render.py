"""Render deploy/nginx/forum.conf: python3 deploy/render.py --server-name forum.example.org --ports 8001,8002
--root /srv/forum [--listen 80] [--access-log /var/log/nginx/forum.access.log] > /etc/nginx/sites-available/forum"""

import argparse
from pathlib import Path


def render(
    server_name: str,
    ports: list[int],
    root: str,
    listen: str = "80",
    access_log: str = "/var/log/nginx/forum.access.log",
) -> str:
    text = (Path(__file__).parent / "nginx" / "forum.conf").read_text()
    upstreams = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports)
    return (
        text.replace("@@UPSTREAMS@@", upstreams)
        .replace("@@SERVER_NAME@@", server_name)
        .replace("@@ROOT@@", root.rstrip("/"))
        .replace("@@LISTEN@@", listen)
        .replace("@@ACCESS_LOG@@", access_log)
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server-name", required=True)
    parser.add_argument("--ports", default="8001,8002")
    parser.add_argument("--root", default="/srv/forum")
    parser.add_argument("--listen", default="80")
    parser.add_argument("--access-log", default="/var/log/nginx/forum.access.log")
    args = parser.parse_args()
    print(render(args.server_name, [int(p) for p in args.ports.split(",")], args.root, args.listen, args.access_log))
