"""Reports for people: the HTML report for experts, the Excel summary for 形式审查 staff."""
