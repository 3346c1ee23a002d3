from feedback_app.screening import CONDITIONS, screening_clear, unresolved_conditions


def _all(present=False, **changes):
    entries = {condition: {"present": present} for condition in CONDITIONS}
    entries.update(changes)
    return entries


def test_nothing_answered_is_not_clear():
    assert unresolved_conditions({}) == list(CONDITIONS)
    assert not screening_clear(None)


def test_every_condition_absent_is_clear():
    assert screening_clear(_all())


def test_a_present_condition_needs_a_recorded_reason():
    assert unresolved_conditions(_all(live_risk={"present": True})) == ["live_risk"]
    assert unresolved_conditions(_all(live_risk={"present": True, "override_reason": "  "})) == ["live_risk"]
    assert screening_clear(_all(live_risk={"present": True, "override_reason": "Moved to a refuge; own phone"}))
