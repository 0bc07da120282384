"""One cell's text or value → what it says: a figure, a statistical symbol, a month, a period label."""
