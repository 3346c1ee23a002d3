"""No log line leads to a person: survey links, form codes, phone numbers and email addresses are
taken out of every record, including the web server's access log, along a whole journey."""
import logging
import threading
import urllib.error
import urllib.request

from werkzeug.serving import make_server

from feedback_app.db import db
from feedback_app.log_hygiene import redact
from tests.factories import create_enquiry, create_invitation, create_organisation, create_participant


def test_what_leads_to_a_person_is_replaced():
    line = ('"GET /s/Jt0aBcD_eF-123456789 HTTP/1.1" 302; "GET /paper/K7QM-3WXA.pdf" 403; code K7QM-3WXA; '
            'texted +447700900314 and 07700 900321, wrote to jo.bloggs+help@council.example.org, '
            'rang 0300 123 4567')
    cleaned = redact(line)
    for secret in ("Jt0aBcD_eF-123456789", "K7QM-3WXA", "7700900314", "07700 900321", "jo.bloggs", "0300 123 4567"):
        assert secret not in cleaned
    assert "/s/[link]" in cleaned and "/paper/[form code].pdf" in cleaned and "[email]" in cleaned
    assert "HTTP/1.1" in cleaned and "302" in cleaned, "the rest of the line is kept"


def test_a_journey_leaves_no_link_code_phone_or_email_in_the_logs(app, caplog):
    with app.app_context():
        council = create_organisation(db.session)
        participant = create_participant(db.session, create_enquiry(db.session, council))
        _, token = create_invitation(db.session, participant)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    caplog.set_level(logging.INFO)
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        for path in (f"/s/{token}", "/questionnaire", "/s/NotARealLinkButLongEnough", "/paper/K7QM-3WXA.pdf"):
            try:
                opener.open(base + path).read()
            except urllib.error.HTTPError:
                pass
        logging.getLogger("feedback_app.test").info("texted %s at %s", "+447700900314", "jo@council.example.org")
    finally:
        server.shutdown()
    text = caplog.text
    assert "/s/[link]" in text, "the access log was captured"
    for secret in (token, "NotARealLinkButLongEnough", "K7QM-3WXA", "+447700900314", "jo@council.example.org"):
        assert secret not in text
