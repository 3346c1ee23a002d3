"""Text messages: the sender interface and its backends (``sender``), the discreet texts the
dispatcher sends (``texts``), and a development page that shows what the log backend kept
(``dev``)."""
