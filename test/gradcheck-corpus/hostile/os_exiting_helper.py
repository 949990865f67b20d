import os

scale = 1.0
os._exit(7)
