"""``faspay-sandbox`` and ``python -m faspay.testing``: the sandbox from the command line for pip
users, with the options of ``faspay sandbox``."""

from __future__ import annotations

import json
import pathlib
import queue
import signal
import subprocess
import sys
import threading
from typing import Callable, List, Optional

import pytest

import faspay
from conftest import sample_bill
from faspay._sandbox_main import main, parser

OPTIONS = [
    "--port",
    "--notify-url",
    "--format",
    "--push-delay-ms",
    "--merchant-id",
    "--merchant-name",
    "--user-id",
    "--password",
    "--strict",
    "--unique-bill-no",
    "--json",
]


def script() -> str:
    """The console script pip installed next to this interpreter."""
    path = pathlib.Path(sys.executable).parent / "faspay-sandbox"
    assert path.exists(), f"{path} was not installed by pip (pyproject [project.scripts])"
    return str(path)


def start(argv: List[str], ignore_sigint: bool = False) -> "subprocess.Popen[str]":
    def background_job() -> None:
        # What a shell does to a job started with `&`: SIGINT ignored, inherited across exec.
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    return subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        preexec_fn=background_job if ignore_sigint else None,
    )


#: Bound on waiting for a line of output: generous, only a hang fails the test.
LINE_WAIT = 60.0


class Output:
    """The process's stdout read on a thread, so every wait for a line has a deadline (a
    silent or stuck process fails the test instead of hanging it)."""

    def __init__(self, process: "subprocess.Popen[str]") -> None:
        assert process.stdout is not None
        self.lines: "queue.Queue[Optional[str]]" = queue.Queue()
        stdout = process.stdout

        def pump() -> None:
            for line in stdout:
                self.lines.put(line)
            self.lines.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def next_line(self) -> str:
        try:
            line = self.lines.get(timeout=LINE_WAIT)
        except queue.Empty:
            raise AssertionError(f"no output within {LINE_WAIT} s") from None
        assert line is not None, "the process closed its output"
        return line

    def until(self, found: Callable[[str], bool]) -> str:
        while True:
            line = self.next_line()
            if found(line):
                return line


def read_json_document(output: Output) -> object:
    lines = []
    while True:
        line = output.next_line()
        lines.append(line)
        if line.rstrip("\n") == "}":
            return json.loads("".join(lines))


def stop(process: "subprocess.Popen[str]", signum: int = signal.SIGINT) -> int:
    process.send_signal(signum)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError(f"the sandbox ignored signal {signum} for 60 s") from None


def test_help_lists_the_options_of_faspay_sandbox() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "faspay.testing", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    for option in OPTIONS:
        assert option in run.stdout, option
    assert "ending in 000" in run.stdout


def test_the_console_script_serves_a_working_sandbox() -> None:
    process = start([script(), "--json", "--push-delay-ms", "0", "--format", "xml"])
    try:
        info = read_json_document(Output(process))
        assert isinstance(info, dict)
        assert info["merchant_id"] == "99999" and info["password"] == "p@ssw0rd"
        assert info["notify_format"] == "xml"
        assert info["strict"] is False and info["unique_bill_no"] is False
        client = faspay.Client(
            "99999", "Sophia Store", "bot99999", "p@ssw0rd", base_url=info["base_url"]
        )
        created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
        assert len(created.trx_id) == 16
    finally:
        assert stop(process) == 0


def test_python_dash_m_prints_the_banner_and_the_activity() -> None:
    process = start([sys.executable, "-m", "faspay.testing", "--push-delay-ms", "0"])
    try:
        output = Output(process)
        first = output.next_line()
        assert first.startswith("Faspay sandbox listening on http://127.0.0.1:"), first
        base_url = first.split()[-1]
        client = faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd", base_url=base_url)
        bill = sample_bill()
        created = client.create_transaction(bill)  # type: ignore[arg-type]
        line = output.until(lambda line: created.trx_id in line)
        assert "created" in line and "Rp 15000" in line, line
        # What Faspay's docs would refuse is accepted and logged as a warning.
        client.create_transaction(bill)  # type: ignore[arg-type]
        line = output.until(lambda line: "warning (create_transaction" in line)
        assert "bill_no_reused" in line and "--strict answers 14" in line, line
    finally:
        assert stop(process) == 0


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_background_sandbox_stops_on_sigint_and_sigterm(signum: int) -> None:
    process = start([script(), "--json"], ignore_sigint=True)
    try:
        info = read_json_document(Output(process))
        assert isinstance(info, dict) and info["base_url"].startswith("http://127.0.0.1:")
    finally:
        assert stop(process, signum) == 0
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()


def test_a_busy_port_is_an_error_with_the_cli_exit_status() -> None:
    # An in-process run on the port another sandbox holds; `stop` ends it if it ever starts.
    with faspay.testing.Sandbox() as busy:
        port = busy.base_url.rsplit(":", 1)[1]
        done = threading.Event()
        done.set()
        status = main(["--port", port], stop=done)
    assert status == 5


def test_parser_defaults_match_faspay_sandbox() -> None:
    args = parser().parse_args([])
    assert (args.port, args.format, args.push_delay_ms) == (0, "json", 1000)
    assert (args.merchant_id, args.user_id, args.password) == ("99999", "bot99999", "p@ssw0rd")
    assert (args.strict, args.unique_bill_no) == (False, False)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "error[INVALID_ARGUMENT]: --port must be 0 to 65535, not 70000"),
        (["--port=-1"], "error[INVALID_ARGUMENT]: --port must be 0 to 65535, not -1"),
        (["--push-delay-ms=-5"], "error[INVALID_ARGUMENT]: --push-delay-ms must not be negative, not -5"),
        (["--merchant-id", "12"], "error[INVALID_ARGUMENT]: merchant_id: must be 5 digits"),
    ],
)
def test_a_wrong_option_value_names_the_option_with_the_cli_exit_status(
    argv: List[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    done = threading.Event()
    done.set()
    assert main(argv, stop=done) == 2  # faspay's exit status for INVALID_ARGUMENT
    assert capsys.readouterr().err.strip() == message
