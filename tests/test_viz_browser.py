"""The HTML map in real headless Chromium (Debian's ``chromium`` package).

Two runs: the command line (``--screenshot``, ``--dump-dom``, console lines on stderr) as a
person would, and the Chrome DevTools protocol over ``--remote-debugging-pipe`` (plain
pipes, Python's stdlib only) to see every request the page makes, every console message
and exception, and to click a strategy and read the side panel.
"""
from __future__ import annotations

import base64
import fcntl
import io
import json
import os
import re
import select
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs headless Chromium at /usr/bin/chromium (apt-get install chromium)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--window-size=1200,900"]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
LIMIT = 60  # seconds: a hung browser fails the test instead of hanging it (no timing is asserted)


@pytest.fixture(scope="module")
def html_map(tmp_path_factory):
    from nasicon_kg.viz.html_map import write_html_map
    from nasicon_kg.viz.network import build_network
    import pyoxigraph as ox

    from nasicon_kg.ontology import ONTOLOGY_GRAPH, ontology_path
    from nasicon_kg.store import KGStore

    store = KGStore(None)
    store._store.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE,
                      to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    store._store.load(path=str(Path(__file__).parent / "fixtures" / "viz" / "mini.trig"),
                      format=ox.RdfFormat.TRIG)
    G = build_network(store)
    path = write_html_map(G, tmp_path_factory.mktemp("html") / "map.html")
    return path, G


def drawn_nodes(G) -> int:
    """Nodes the map draws: all but the protected electrolytes (a filter in the page instead)."""
    return sum(d["kind"] != "electrolyte" for _, d in G.nodes(data=True))


def pixels(png: bytes):
    import matplotlib.image as mpimg

    return mpimg.imread(io.BytesIO(png), format="png")[..., :3]


def assert_not_blank(png: bytes) -> None:
    img = pixels(png)
    assert img.shape[0] >= 800 and img.shape[1] >= 1100, img.shape
    assert img.var() > 0.002, "screenshot is blank"
    # the network canvas (left of the side panel, below the header) holds problem-red and strategy-blue
    canvas = img[60:, : int(img.shape[1] * 0.65)]
    red = ((abs(canvas[..., 0] - 0xD6 / 255) < 0.05) & (abs(canvas[..., 1] - 0x27 / 255) < 0.05)
           & (abs(canvas[..., 2] - 0x28 / 255) < 0.05)).sum()
    blue = ((abs(canvas[..., 0] - 0x1F / 255) < 0.05) & (abs(canvas[..., 1] - 0x77 / 255) < 0.05)
            & (abs(canvas[..., 2] - 0xB4 / 255) < 0.05)).sum()
    assert red > 200 and blue > 200, (red, blue)


# -- the command line ---------------------------------------------------------------------

def run_chromium(args: list[str], user_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={user_dir}", "--virtual-time-budget=5000",
                           "--enable-logging=stderr", "--v=0", *args],
                          capture_output=True, timeout=LIMIT, stdin=subprocess.DEVNULL)


def test_screenshot_and_dom_from_the_command_line(html_map, tmp_path):
    path, G = html_map
    shot = tmp_path / "shot.png"
    run = run_chromium([f"--screenshot={shot}", path.as_uri()], tmp_path / "profile1")
    assert shot.exists(), run.stderr.decode(errors="replace")[-2000:]
    assert_not_blank(shot.read_bytes())
    run = run_chromium(["--dump-dom", path.as_uri()], tmp_path / "profile2")
    dom = run.stdout.decode("utf-8", errors="replace")
    assert f'data-rendered-nodes="{drawn_nodes(G)}"' in dom   # set by the page once vis drew the graph
    strategies = sum(d["kind"] == "strategy" for _, d in G.nodes(data=True))
    assert f"{strategies} of {strategies} strategies shown" in dom
    console = [line for line in run.stderr.decode(errors="replace").splitlines()
               if "CONSOLE" in line or "Uncaught" in line]
    assert console == []


# -- the DevTools protocol over a pipe ----------------------------------------------------

class DevTools:
    """A minimal CDP client over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self, user_dir: Path):
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()
        # move the child's ends above 3 and 4 first, so that wiring them to 3 and 4 clobbers nothing
        child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def wire_fds():
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.proc = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={user_dir}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=wire_fds)
        os.close(child_r)
        os.close(child_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict] = []

    def _read_message(self) -> dict:
        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._r], [], [], LIMIT)
            if not ready:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        while True:
            ev = self._read_message()
            self.events.append(ev)
            if ev.get("method") == method:
                return ev

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (OSError, EOFError, RuntimeError, TimeoutError):
            pass
        try:
            self.proc.wait(timeout=LIMIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)


def evaluate(cdp: DevTools, session: str, expression: str):
    result = cdp.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": True}, session)
    assert "exceptionDetails" not in result, result
    return result["result"].get("value")


def open_page(cdp: DevTools, path: Path) -> str:
    """A new tab showing ``path`` once vis drew it; returns the DevTools session id."""
    target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        cdp.call(f"{domain}.enable", {}, session)
    cdp.call("Emulation.setDeviceMetricsOverride",
             {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
    cdp.call("Page.navigate", {"url": path.as_uri()}, session)
    cdp.wait_for("Page.loadEventFired")
    evaluate(cdp, session, """new Promise(function (done) {
        (function poll(n) {
          var v = document.body.getAttribute("data-rendered-nodes");
          if (v || n > 600) done(v); else setTimeout(function () { poll(n + 1); }, 50);
        })(0);
      })""")
    return session


def test_devtools_no_requests_no_errors_and_click_shows_evidence(html_map, tmp_path):
    path, G = html_map
    cdp = DevTools(tmp_path / "profile")
    try:
        session = open_page(cdp, path)
        drawn = drawn_nodes(G)
        assert evaluate(cdp, session, 'document.body.getAttribute("data-rendered-nodes")') == str(drawn)
        data = json.loads(evaluate(cdp, session, 'document.getElementById("nkg-data").textContent'))
        assert len(data["nodes"]) == drawn
        assert evaluate(cdp, session, "window.nkgNetwork.body.data.nodes.length") == drawn

        png = base64.b64decode(cdp.call("Page.captureScreenshot", {"format": "png"}, session)["data"])
        (tmp_path / "cdp.png").write_bytes(png)
        assert_not_blank(png)

        # click the first "ZnO on LATP" strategy where it is drawn: the side panel shows its evidence
        node_id = next(n["id"] for n in data["nodes"]
                       if data["details"][str(n["id"])]["iri"].endswith("strategy/a1"))
        # the page fits the view again 300 ms after it is drawn: read the node's place after that
        evaluate(cdp, session, "new Promise(function (done) { setTimeout(function () { done(1); }, 700); })")
        xy = evaluate(cdp, session, f"""(function () {{
            var net = window.nkgNetwork, p = net.getPositions([{node_id}])[{node_id}];
            var d = net.canvasToDOM(p), r = document.getElementById("map").getBoundingClientRect();
            return [d.x + r.left, d.y + r.top]; }})()""")
        for kind in ("mousePressed", "mouseReleased"):
            cdp.call("Input.dispatchMouseEvent", {"type": kind, "x": xy[0], "y": xy[1], "button": "left",
                                                  "clickCount": 1}, session)
        panel = evaluate(cdp, session, """new Promise(function (done) {
            (function poll(n) {
              var t = document.getElementById("panel").innerText;
              if (t.indexOf("Evidence") >= 0 || n > 600) done(t);
              else setTimeout(function () { poll(n + 1); }, 50);
            })(0);
          })""")
        shot = cdp.call("Page.captureScreenshot", {"format": "png"}, session)["data"]
        (tmp_path / "cdp_clicked.png").write_bytes(base64.b64decode(shot))
        assert "ZnO on LATP" in panel and "Evidence" in panel
        assert "method: atomic layer deposition" in panel and "Problems addressed" in panel
        assert "reduction by Li metal" in panel
        assert "deposited a 20 nm ZnO layer on LATP by ALD" in panel and "[12] Hao 2018" in panel
        assert "doi:10.1000/review-a" in panel
    finally:
        cdp.close()

    requests = [ev["params"]["request"]["url"] for ev in cdp.events
                if ev.get("method") == "Network.requestWillBeSent"]
    assert requests and all(url.startswith(LOCAL_SCHEMES) for url in requests), requests
    errors = [ev for ev in cdp.events
              if ev.get("method") == "Runtime.exceptionThrown"
              or (ev.get("method") == "Runtime.consoleAPICalled"
                  and ev["params"]["type"] in {"error", "warning", "assert"})
              or (ev.get("method") == "Log.entryAdded"
                  and ev["params"]["entry"]["level"] in {"error", "warning"})]
    assert errors == [], errors


def test_page_holds_no_external_reference(html_map):
    path, _ = html_map
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=""", page, flags=re.I)


def set_control(cdp: DevTools, session: str, element: str, value: str) -> str:
    """Set a search box, number field or select as a person would, and return the page's count of
    strategies shown once it has redrawn."""
    if element in ("search", "min-hours", "cd-min", "cd-max"):
        evaluate(cdp, session, f'(function () {{ var e = document.getElementById("{element}"); '
                               f'e.focus(); e.select(); }})()')
        cdp.call("Input.insertText", {"text": value}, session)
    else:
        evaluate(cdp, session, f'(function () {{ var e = document.getElementById("{element}"); '
                               f'e.value = {json.dumps(value)}; '
                               f'e.dispatchEvent(new Event("change")); }})()')
    return evaluate(cdp, session, 'document.body.getAttribute("data-shown-strategies")')


def shown_labels(cdp: DevTools, session: str, kind: str) -> list[str]:
    return sorted(evaluate(cdp, session, f"""(function () {{
        var body = window.nkgNetwork.body;
        return body.data.nodes.get({{ filter: function (n) {{ return !n.hidden && n.kind === "{kind}"; }} }})
          .map(function (n) {{ return n.label; }}); }})()"""))


def test_search_and_filters_in_the_page(html_map, tmp_path):
    path, G = html_map
    cdp = DevTools(tmp_path / "profile")
    try:
        session = open_page(cdp, path)
        # the drawn boxes are the layout's boxes, and none overlaps another
        drawn = evaluate(cdp, session, """(function () {
            var net = window.nkgNetwork, out = {};
            net.body.data.nodes.forEach(function (n) { out[n.id] = [net.getBoundingBox(n.id), n.box]; });
            return out; })()""")
        for bbox, (width, height) in drawn.values():
            assert abs((bbox["right"] - bbox["left"]) - width) < 1.5, (bbox, width)
            assert abs((bbox["bottom"] - bbox["top"]) - height) < 1.5, (bbox, height)
        boxes = [b for b, _ in drawn.values()]
        overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                    if a["left"] < b["right"] and b["left"] < a["right"]
                    and a["top"] < b["bottom"] and b["top"] < a["bottom"]]
        assert overlaps == []

        strategies = sum(d["kind"] == "strategy" for _, d in G.nodes(data=True))
        assert set_control(cdp, session, "search", "zno") == "2"
        assert shown_labels(cdp, session, "strategy") == ["ZnO on LATP · 1000 h", "ZnO on LATP · 400 h"]
        assert "ZnO" in shown_labels(cdp, session, "material")
        assert "PEO" not in shown_labels(cdp, session, "material")
        png = base64.b64decode(cdp.call("Page.captureScreenshot", {"format": "png"}, session)["data"])
        (tmp_path / "search.png").write_bytes(png)
        assert set_control(cdp, session, "search", "") == str(strategies)

        assert set_control(cdp, session, "family", "LAGP") == "1"
        assert shown_labels(cdp, session, "strategy") == ["Ge on LAGP · 900 h"]
        assert set_control(cdp, session, "family", "") == str(strategies)
        assert set_control(cdp, session, "min-hours", "550") == "3"        # ZnO 1000 h, Ge 900 h, Al2O3 600 h
        assert set_control(cdp, session, "cd-min", "0.08") == "2"          # at >= 0.08 mA cm-2: ZnO, Ge
        assert set_control(cdp, session, "cd-max", "0.2") == "1"           # and <= 0.2: ZnO (0.1)
        assert shown_labels(cdp, session, "strategy") == ["ZnO on LATP · 1000 h"]
        assert set_control(cdp, session, "kind", "polymer protective layer") == "0"
        assert evaluate(cdp, session, 'document.getElementById("counts").textContent') == \
            f"0 of {strategies} strategies shown"
        evaluate(cdp, session, 'document.getElementById("reset").click()')
        assert evaluate(cdp, session, 'document.body.getAttribute("data-shown-strategies")') == str(strategies)
        assert set_control(cdp, session, "method", "solution casting") == "2"
        # the layers-over-time view (Fig. 8) replaces the map, and the map comes back
        evaluate(cdp, session, 'document.getElementById("view").click()')
        assert evaluate(cdp, session, """[document.getElementById("map").hidden,
            document.getElementById("fig8").querySelector("svg").getBoundingClientRect().width > 400]""") \
            == [True, True]
        evaluate(cdp, session, 'document.getElementById("view").click()')
        assert evaluate(cdp, session, 'document.getElementById("fig8").hidden') is True
    finally:
        cdp.close()
