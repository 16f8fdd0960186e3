"""Honours (评先评优): awards, nominations, review, publicity and award; the good-deeds wall (善行善举墙)."""
