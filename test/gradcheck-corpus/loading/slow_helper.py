import time

time.sleep(3)
OFFSET = 0.0
