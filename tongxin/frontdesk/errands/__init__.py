"""The front desk's errands (全程代办) for residents, from documents received to the result handed back."""
