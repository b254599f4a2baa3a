"""Protocol tests of the reference brain: python3 -m unittest deploy/remote-brain/test_brain.py"""

import hashlib
import hmac
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


class BrainProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.events = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False).name
        cls.proc = subprocess.Popen(
            [sys.executable, "-u", os.path.join(HERE, "brain.py"), "--port", "0", "--token", "tok", "--secret", "sec",
             "--events-file", cls.events],
            stdout=subprocess.PIPE, text=True)
        line = cls.proc.stdout.readline()
        assert line.startswith("listening on "), line
        cls.host, cls.port = line.split()[-1].rsplit(":", 1)

    @classmethod
    def tearDownClass(cls):
        cls.proc.kill()
        cls.proc.wait()
        cls.proc.stdout.close()
        os.unlink(cls.events)

    def post(self, path, body, token="tok", secret="sec", timestamp=None):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        ts = str(int(timestamp if timestamp is not None else time.time()))
        sig = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + raw, hashlib.sha256).hexdigest()
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=5)
        conn.request("POST", path, raw, {"Authorization": "Bearer " + token, "X-Appliance-Timestamp": ts,
                                         "X-Appliance-Signature": sig, "Content-Type": "application/json"})
        response = conn.getresponse()
        result = response.status, json.loads(response.read())
        conn.close()
        return result

    def test_session_starts_at_greet(self):
        status, body = self.post("/session", {"call": {"id": "c1", "from": "+1555"}, "provider": "openai"})
        self.assertEqual(200, status)
        self.assertEqual("greet", body["node_id"])
        self.assertEqual(["book_appointment"], [t["name"] for t in body["tools"]])
        self.assertEqual({"caller": "+1555"}, body["collected_vars"])

    def test_booking_flow_ends_with_goodbye(self):
        _, confirm = self.post("/tool-call", {"call_id": "c1", "node_id": "greet", "collected_vars": {},
                                              "tool": {"name": "book_appointment", "args": {"date": "d", "time": "t", "name": "Ann"}}})
        self.assertEqual(("transition", "confirm"), (confirm["action"], confirm["node_id"]))
        _, end = self.post("/tool-call", {"call_id": "c1", "node_id": "confirm", "collected_vars": confirm["collected_vars"],
                                          "tool": {"name": "confirm_booking", "args": {"confirmed": True}}})
        self.assertEqual(("end", True, "Your appointment is booked. Goodbye!"), (end["action"], end["finished"], end["say"]))

    def test_missing_booking_fields_stay_with_an_error(self):
        _, body = self.post("/tool-call", {"call_id": "c1", "node_id": "greet", "collected_vars": {},
                                           "tool": {"name": "book_appointment", "args": {"date": "d"}}})
        self.assertEqual(("stay", "greet"), (body["action"], body["node_id"]))
        self.assertIn("time, name", body["result"]["error"])

    def test_a_tool_of_another_node_stays(self):
        _, body = self.post("/tool-call", {"call_id": "c1", "node_id": "greet", "collected_vars": {},
                                           "tool": {"name": "confirm_booking", "args": {"confirmed": True}}})
        self.assertEqual(("stay", "greet"), (body["action"], body["node_id"]))
        self.assertIn("error", body["result"])

    def test_bad_json_and_bad_shapes_get_400(self):
        self.assertEqual(400, self.post("/session", b"{not json")[0])
        self.assertEqual(400, self.post("/session", b"[1]")[0])
        self.assertEqual(400, self.post("/tool-call", {"node_id": "greet", "tool": "x", "collected_vars": {}})[0])
        self.assertEqual(400, self.post("/events", {"call_id": "c1", "type": "weird"})[0])

    def test_authentication_failures_get_401(self):
        self.assertEqual((401, {"error": "bad token"}), self.post("/session", {"call": {"id": "c"}}, token="nope"))
        self.assertEqual((401, {"error": "bad signature"}), self.post("/session", {"call": {"id": "c"}}, secret="nope"))
        self.assertEqual((401, {"error": "stale timestamp"}), self.post("/session", {"call": {"id": "c"}}, timestamp=time.time() - 301))

    def test_unknown_endpoint_gets_404(self):
        self.assertEqual(404, self.post("/nope", {})[0])

    def test_events_are_appended_to_the_file(self):
        event = {"call_id": "c-ev", "type": "dtmf", "at": "2026-11-23T13:00:00+00:00", "digit": "5"}
        self.assertEqual((200, {"ok": True}), self.post("/events", event))
        with open(self.events, encoding="utf-8") as f:
            self.assertIn(event, [json.loads(line) for line in f])


if __name__ == "__main__":
    unittest.main()
