#!/usr/bin/env python3
"""Reference remote brain for the Appliance: a small receptionist flow over the webhook contract.

Standard library only. Run:  python3 brain.py --port 8090 --token TOKEN --secret SECRET --events-file events.jsonl
See README.md for the contract.
"""

import argparse
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_SKEW_SECONDS = 300
MAX_BODY_BYTES = 1 << 20

GREET_PROMPT = (
    "You are the receptionist of a small clinic on a phone call. Greet the caller and ask what they need. "
    "If they want an appointment, ask for the date, the time and their name, then call book_appointment."
)
CONFIRM_PROMPT = (
    "Read the booking back to the caller: {name} on {date} at {time}. Ask them to confirm. "
    "Call confirm_booking with confirmed=true if they agree, confirmed=false if they want to change it."
)

BOOK_APPOINTMENT = {
    "name": "book_appointment",
    "description": "Book an appointment for the caller.",
    "parameters": {
        "type": "object",
        "properties": {
            "date": {"type": "string", "description": "Day of the appointment, e.g. 2026-11-24."},
            "time": {"type": "string", "description": "Time of day, e.g. 14:30."},
            "name": {"type": "string", "description": "The caller's name."},
        },
        "required": ["date", "time", "name"],
    },
}
CONFIRM_BOOKING = {
    "name": "confirm_booking",
    "description": "Record whether the caller confirmed the booking that was read back.",
    "parameters": {
        "type": "object",
        "properties": {"confirmed": {"type": "boolean"}},
        "required": ["confirmed"],
    },
}


def greet_node(collected_vars, say=None):
    return {
        "action": "transition",
        "node_id": "greet",
        "system_prompt": GREET_PROMPT,
        "tools": [BOOK_APPOINTMENT],
        "collected_vars": collected_vars,
        "finished": False,
        "say": say,
    }


def on_session(body):
    call = body.get("call") or {}
    if not isinstance(call, dict) or not call.get("id"):
        raise BadRequest("call.id is required")
    node = greet_node({"caller": call.get("from", "")})
    return {k: node[k] for k in ("system_prompt", "tools", "node_id", "collected_vars")}


def on_tool_call(body):
    node_id = body.get("node_id")
    tool = body.get("tool")
    collected = body.get("collected_vars") or {}
    if not isinstance(tool, dict) or not isinstance(tool.get("args", {}), dict) or not isinstance(collected, dict):
        raise BadRequest("tool {name, args} and collected_vars must be objects")
    name = tool.get("name")
    args = tool.get("args") or {}
    collected = dict(collected)

    if node_id == "greet" and name == "book_appointment":
        missing = [k for k in ("date", "time", "name") if not args.get(k)]
        if missing:
            return {"action": "stay", "node_id": node_id, "collected_vars": collected, "finished": False,
                    "result": {"error": "missing " + ", ".join(missing) + "; ask the caller for it"}}
        collected.update({k: str(args[k]) for k in ("date", "time", "name")})
        return {
            "action": "transition",
            "node_id": "confirm",
            "system_prompt": CONFIRM_PROMPT.format(**collected),
            "tools": [CONFIRM_BOOKING],
            "collected_vars": collected,
            "finished": False,
            "result": {"ok": True, "next": "read the booking back and ask for confirmation"},
        }

    if node_id == "confirm" and name == "confirm_booking":
        if args.get("confirmed") is True:
            collected["booked"] = True
            return {"action": "end", "node_id": "done", "collected_vars": collected, "finished": True,
                    "say": "Your appointment is booked. Goodbye!", "result": {"ok": True}}
        for key in ("date", "time", "name"):
            collected.pop(key, None)
        node = greet_node(collected)
        node["result"] = {"ok": True, "next": "ask again for the date, time and name"}
        return node

    # A tool that does not belong to the node: keep the node, tell the model.
    return {"action": "stay", "node_id": node_id, "collected_vars": collected, "finished": False,
            "result": {"error": "'%s' is not available now" % name}}


class BadRequest(Exception):
    pass


class Brain:
    def __init__(self, token, secret, events_file):
        self.token = token
        self.secret = secret
        self.events_file = events_file
        self.events = []
        self.lock = threading.Lock()

    def authenticate(self, headers, body):
        """Returns None when the request is authentic, else the reason to reject it."""
        if self.token:
            expected = "Bearer " + self.token
            if not hmac.compare_digest(headers.get("Authorization", "").encode(), expected.encode()):
                return "bad token"
        if self.secret:
            timestamp = headers.get("X-Appliance-Timestamp", "")
            signature = headers.get("X-Appliance-Signature", "")
            if not timestamp.isdigit():
                return "missing timestamp"
            if abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
                return "stale timestamp"
            mac = hmac.new(self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
            if not hmac.compare_digest(signature.encode(), ("sha256=" + mac.hexdigest()).encode()):
                return "bad signature"
        return None

    def record_event(self, event):
        if not isinstance(event.get("call_id"), str) or event.get("type") not in ("started", "dtmf", "ended"):
            raise BadRequest("event needs call_id and type started|dtmf|ended")
        with self.lock:
            self.events.append(event)
            if self.events_file:
                with open(self.events_file, "a", encoding="utf-8") as f:
                    f.write(json.dumps(event, separators=(",", ":")) + "\n")
        return {"ok": True}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the appliance reuses its connections
    server_version = "RemoteBrain/1"
    # Buffer the reply so status, headers and body leave in one segment (flushed by handle_one_request), and send it
    # at once: two small writes under Nagle would wait for the client's delayed ACK.
    wbufsize = -1
    disable_nagle_algorithm = True
    routes = {"/session": on_session, "/tool-call": on_tool_call}

    def do_POST(self):
        brain = self.server.brain
        length = self.headers.get("Content-Length", "0")
        length = int(length) if length.isdigit() else -1
        if length < 0 or length > MAX_BODY_BYTES:
            return self.reply(413, {"error": "missing or too large Content-Length"}, close=True)
        body = self.rfile.read(length)

        path = self.path.split("?", 1)[0]
        if path != "/events" and path not in self.routes:
            return self.reply(404, {"error": "no such endpoint"})
        reason = brain.authenticate(self.headers, body)
        if reason:
            return self.reply(401, {"error": reason})
        try:
            request = json.loads(body)
            if not isinstance(request, dict):
                raise BadRequest("body must be a JSON object")
            response = brain.record_event(request) if path == "/events" else self.routes[path](request)
        except (ValueError, BadRequest) as e:  # json.JSONDecodeError is a ValueError
            return self.reply(400, {"error": str(e)})
        self.reply(200, {k: v for k, v in response.items() if v is not None})

    def do_GET(self):
        if self.path == "/healthz":
            return self.reply(200, {"ok": True})
        self.reply(404, {"error": "no such endpoint"})

    def reply(self, status, payload, close=False):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


def main():
    parser = argparse.ArgumentParser(description="Reference remote brain for the Appliance (receptionist flow).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090, help="0 picks a free port (printed on start)")
    parser.add_argument("--token", default=os.environ.get("BRAIN_TOKEN"), help="bearer token (env BRAIN_TOKEN)")
    parser.add_argument("--secret", default=os.environ.get("BRAIN_SECRET"), help="HMAC signing secret (env BRAIN_SECRET)")
    parser.add_argument("--events-file", help="append received events here as JSON lines")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args()

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.brain = Brain(args.token, args.secret, args.events_file)
    server.verbose = args.verbose
    host, port = server.server_address[:2]
    print("listening on %s:%d" % (host, port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
