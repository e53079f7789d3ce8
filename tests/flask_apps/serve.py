"""Serves a test app the way the tests expect: on 127.0.0.1, an ephemeral port announced as
"PORT <n>" on stdout, quiet, and stopped by SIGTERM."""
import logging
import signal
import sys

from werkzeug.serving import make_server


def serve(app):
    # Quiet: the test reads the port from stdout; request lines and the tracebacks of answers
    # that are 500 on purpose would only bury a failing test's output.
    logging.getLogger("werkzeug").disabled = True
    app.logger.disabled = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("PORT", server.server_port, flush=True)
    server.serve_forever()
