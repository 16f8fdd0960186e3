"""In-service members reporting in to a community (双报到): claimed posts and logged service; and the
yearly record of help given to needy members (困难党员).
"""
