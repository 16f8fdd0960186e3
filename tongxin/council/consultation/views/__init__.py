"""Staff pages of consultation, one module per part: councils, topics, topic actions."""
