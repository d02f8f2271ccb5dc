# Part 3 (gaps, initiatives, KPIs, strategy pack) arrives with issue 5.
