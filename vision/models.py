# Part 2b/2c (Vision 2030 briefing, company visions) arrive with issue 4.
