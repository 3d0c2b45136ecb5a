"""The query page of `nasicon-kg serve` in real headless Chromium: pick a competency query, click Run, see ZnO.

Drives Chromium over the DevTools protocol with the client of test_viz_browser.py (loaded from its
file: tests are not a package here) and skips, as that test does, where Chromium is missing.
"""
from __future__ import annotations

import base64
import importlib.util
import threading
from pathlib import Path

import pytest

from nasicon_kg.server import Endpoint

_spec = importlib.util.spec_from_file_location("viz_browser", Path(__file__).with_name("test_viz_browser.py"))
browser = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser)
pytestmark = browser.pytestmark

POLL = """new Promise(function (done) {
  (function poll(n) {
    var v = (%s);
    if (v || n > 600) done(v); else setTimeout(function () { poll(n + 1); }, 50);
  })(0);
})"""


@pytest.fixture(scope="module")
def endpoint(built_store):
    served = Endpoint(built_store.path, "127.0.0.1", 0, timeout=browser.LIMIT, workers=1)
    threading.Thread(target=served.serve_forever, daemon=True).start()
    yield served
    served.shutdown()
    served.server_close()


def test_the_page_runs_a_competency_query_and_shows_zno(endpoint, tmp_path):
    cdp = browser.DevTools(tmp_path / "profile")
    try:
        target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            cdp.call(f"{domain}.enable", {}, session)
        cdp.call("Page.navigate", {"url": endpoint.url}, session)
        cdp.wait_for("Page.loadEventFired")

        def js(expression: str):
            return browser.evaluate(cdp, session, expression)

        assert js(POLL % 'document.getElementById("examples").options.length > 1') is True
        js("""(function () { var s = document.getElementById("examples");
              s.value = Array.from(s.options).find(function (o) { return o.text === "strategies"; }).value;
              s.dispatchEvent(new Event("change")); })()""")
        assert "interface strategies" in js('document.getElementById("question").textContent')
        box = js('(function () { var r = document.getElementById("run").getBoundingClientRect();'
                 ' return [r.left + r.width / 2, r.top + r.height / 2]; })()')
        for kind in ("mousePressed", "mouseReleased"):
            cdp.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                  "clickCount": 1}, session)
        status = js(POLL % '/row\\(s\\) in/.test(document.getElementById("status").textContent)'
                           ' && document.getElementById("status").textContent')
        cells = js('Array.from(document.querySelectorAll("#results td")).map(function (td) {'
                   ' return td.textContent; })')
        png = base64.b64decode(cdp.call("Page.captureScreenshot", {"format": "png"}, session)["data"])
        (tmp_path / "page.png").write_bytes(png)
        rows = int(status.split()[0])
        assert rows > 10 and "ZnO" in cells, status
        assert js('document.querySelectorAll("#results tr").length') == rows + 1
    finally:
        cdp.close()

    requests = [ev["params"]["request"]["url"] for ev in cdp.events
                if ev.get("method") == "Network.requestWillBeSent"]
    asked = {url.split("?")[0] for url in requests} - {endpoint.url + "favicon.ico"}
    assert asked == {endpoint.url, endpoint.url + "examples.json", endpoint.url + "query"}, requests
    errors = [ev for ev in cdp.events
              if ev.get("method") == "Runtime.exceptionThrown"
              or (ev.get("method") == "Runtime.consoleAPICalled"
                  and ev["params"]["type"] in {"error", "warning", "assert"})
              or (ev.get("method") == "Log.entryAdded" and ev["params"]["entry"]["level"] in {"error", "warning"})]
    assert errors == [], errors
