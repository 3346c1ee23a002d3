"""Development data, apart from the product: the demo councils and their history (``flask demo-data``)
and synthetic national data for measuring the reports (``flask synthetic generate``)."""
