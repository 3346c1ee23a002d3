"""Comments people wrote in their own words: redacted, themed and approved by analysts.

The package itself imports nothing, because the reports use its queries; ``comments.routes``
brings the pages together for the application.
"""
