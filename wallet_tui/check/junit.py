"""The check's rows as JUnit XML, the format CI servers read: one testcase per row, a failure
carrying the note and the exchange that shows it (secrets masked), skipped for rows not run."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path

from wallet_tui.report.masking import SecretScrubber

from .runner import RowResult, Verdict


def _describe(result: RowResult, scrub: SecretScrubber) -> str:
    lines = [result.note]
    for number, exchange in zip(result.exchange_numbers, result.exchanges):
        if result.evidence is not None and number != result.evidence:
            continue
        lines += ["", f"exchange #{number}: {exchange.method} {scrub.text(exchange.url)} -> "
                      f"{exchange.status if exchange.status is not None else exchange.error}"]
        if exchange.request_body:
            lines.append("request: " + (scrub.body(exchange.request_body)[0] or ""))
        if exchange.response_body:
            lines.append("answer: " + (scrub.body(exchange.response_body)[0] or ""))
    return "\n".join(lines)


def junit_xml(results: Sequence[RowResult], *, suite: str) -> str:
    scrub = SecretScrubber.for_exchanges(
        [exchange for result in results for exchange in result.exchanges]
    )
    failures = sum(result.verdict is Verdict.BROKEN for result in results)
    skipped = sum(result.verdict is Verdict.NOT_RUN for result in results)
    root = ElementTree.Element("testsuites")
    element = ElementTree.SubElement(root, "testsuite", name=suite, tests=str(len(results)),
                                     failures=str(failures), errors="0", skipped=str(skipped))
    for result in results:
        group = result.row.id.split(".")[0]
        case = ElementTree.SubElement(element, "testcase", classname=f"{suite}.{group}",
                                      name=result.row.id)
        case.set("title", result.row.title)
        if result.verdict is Verdict.BROKEN:
            failure = ElementTree.SubElement(case, "failure", message=result.note)
            failure.text = _describe(result, scrub)
        elif result.verdict is Verdict.NOT_RUN:
            ElementTree.SubElement(case, "skipped", message=result.note)
        else:
            ElementTree.SubElement(case, "system-out").text = result.note
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(results: Sequence[RowResult], path: str | os.PathLike[str], *, suite: str
                ) -> Path:
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(junit_xml(results, suite=suite), encoding="utf-8")
    return target
