"""Paper: the printable questionnaire (easy read and large print), the page its QR code opens,
re-keying returned forms once or twice, and the post room's pages (its batches are made by the
dispatcher: ``dispatch.post_room``).

The package itself imports nothing, so that the dispatcher can use the form without the pages;
``paper.routes`` brings the pages together for the application.
"""
