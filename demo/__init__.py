"""Demo data: realistic synthetic exports in the real layouts, so the pipeline can be shown end to end.

The days the demo can honestly be run as (`dvm demo --vandaag`): its exports start on 1 January of the
year before, and its KCC platform went live on 1 January 2020 (demo/kcc.py: call ids are numbered from
then, and the phone volume falls ~7 % a year from its 2025 level - before 2020 it would grow without
bound, 1901 ran out of memory); after 2099 the model's trends are no longer a picture of anything.
"""

from datetime import date

FIRST_DAY = date(2021, 1, 1)
LAST_DAY = date(2099, 12, 31)
