"""A nightly run whose inbox is gone: reading it is retried, the run fails with the reason in
one line, and the operators get a mail (a real aiosmtpd server) with the reason and the run."""

from __future__ import annotations

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, FlowRunFilterParentFlowRunId

from flows.nightly import nightly


def test_a_missing_inbox_is_retried_then_fails_loudly(tmp_path, smtp_server):
    home = tmp_path / "dvm"
    home.mkdir()  # installed, but the inbox (a network share) is not mounted
    config = tmp_path / "dvm.toml"
    config.write_text(
        f"""
inbox_retries_s = [0.1, 0.1]
{smtp_server.delivery_toml}operators = ["beheer@losser.nl"]
""",
        encoding="utf-8",
    )
    state = nightly(config=str(config), home=str(home), return_state=True)
    assert state.is_failed() and state.message is not None
    # the reason in one line, naming the inbox
    assert "inbox niet te lezen" in state.message and str(home / "inbox") in state.message
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        # nightly -> find_exports: one run, three attempts (the nightly looks in the inbox before it
        # starts an ingest run; with no inbox, none starts)
        subflows = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[run_id]))
        )
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id])))
    assert subflows == []
    (attempts,) = [t for t in tasks if t.name.startswith("find_exports")]
    assert attempts.run_count == 3 and attempts.state is not None and attempts.state.is_failed()
    # one alert for the one failure (the failed subflow leaves it to the nightly run)
    ((recipients, message),) = smtp_server.received
    assert recipients == ["beheer@losser.nl"]
    assert message["Subject"].startswith("Dienstverleningsmonitor: nightly mislukt")
    body = message.get_body().get_content()
    assert "inbox niet te lezen" in body and str(run_id) in body


def test_a_user_error_is_answered_not_alerted_unless_nobody_asked():
    """A typo in an ad-hoc report is said to whoever asked; a scheduled run has nobody asking,
    and a failed check on the store's data or a full disk is for the operators."""
    from uuid import uuid4

    from prefect.client.schemas.objects import FlowRun, State
    from prefect.states import Failed

    from core.errors import DataQualityError, UserError
    from flows.alerts import answered_to_the_user

    typo: State[None] = Failed(data=UserError("gemeente 'Utrecht' onbekend"))
    asked, scheduled = FlowRun(flow_id=uuid4()), FlowRun(flow_id=uuid4(), auto_scheduled=True)
    assert answered_to_the_user(asked, typo)
    assert not answered_to_the_user(scheduled, typo)
    assert not answered_to_the_user(asked, Failed(data=DataQualityError("controle 'kpis' mislukt")))
    assert not answered_to_the_user(asked, Failed(data=OSError(28, "No space left on device")))
