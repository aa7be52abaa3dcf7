"""Python bodies of rules that need code: each is a small generator `check(doc, rule)`."""
