"""The community's public boards (公示栏): one page per community or village, no account needed, made of
sections the capabilities register.
"""
