"""Honours' pages: awards and nominations (awards.py, actions.py), the wall (deeds.py), the
public pages (public.py)."""
