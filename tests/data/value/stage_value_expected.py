#!/usr/bin/env python3
"""Expected values of tests/runner/test_stage_value.cpp and tests/cli/test_cli_run_default.cpp
(ValuesTheFourServices), computed in exact rational arithmetic, independently of harmcast.

Run: python3 tests/data/value/stage_value_expected.py
Inputs: Home Office 2018 unit costs (2015/16 prices) and the fixture deflator
tests/data/value/deflator_fixture_financial.csv (2015/16 = 100, 2022/23 = 119.5,
2023/24 = 128.0, 2024/25 = 131.9; not the shipped series); Green Book 3.5% flat,
flows at the start of each year; optimism bias 20%.
"""
from fractions import Fraction as F
import math

D1 = F(1000, 1035)            # discount factor of year 2
up = F(128, 100)              # 2015/16 -> 2023/24
vwi = 14050 * up              # violence with injury
sexual = (F(35, 100) * 39360 + F(65, 100) * 6520) * up  # mapping: 35% rape, 65% other sexual
burglary = 5930 * up          # mapping: domestic burglary
theft = 1380 * up             # mapping: theft from the person

def phi(z):
    return 0.5 * math.erfc(-z / math.sqrt(2))

# Service: d = -0.4 reoffences per person (comparison mean 2), 100 people a year for 2 years,
# mix 75% violence with injury / 25% sexual offences; costs in 2022/23 prices.
benefits = 100 * F(4, 10) * (F(3, 4) * vwi + F(1, 4) * sexual)
pvb = benefits * (1 + D1)
pvc = F(12, 10) * F(1280, 1195) * (100 * 1000 + 50000 + 20000 + (100 * 1000 + 50000) * D1)
print("service unit costs", float(vwi), float(sexual))
print("service PVB %.10f PVC %.10f NPV %.10f BCR %.15f per offence %.10f" %
      (pvb, pvc, pvb - pvc, pvb / pvc, pvc / 80))
# Normal effect: e = 0.2, sd = 0.15 => NPV ~ N(NPV, (0.15 * PVB / 0.2)^2)
print("service P(loss) %.6f" % phi(-float(pvb - pvc) / (0.15 * float(pvb) / 0.2)))

# Scenario alpha.
pvb_a = 10 * vwi + 5 * burglary + 10 * vwi * D1
pvc_a = F(12, 10) * (100000 + 50000 * F(1280, 1319) * D1)
print("alpha PVB %.10f PVC %.10f NPV %.10f P(loss) %.6f" %
      (pvb_a, pvc_a, pvb_a - pvc_a, phi(-float(pvb_a - pvc_a) / (0.5 * float(pvb_a)))))
print("beta PVB %.10f" % (100 * theft))

# Default experiment, IDVA costs: 150 x 750 x 1.2 a year for 3 years, declining schedule (3.5%).
print("default IDVA PVC %.9f" % (F(12, 10) * 150 * 750 * (1 + D1 + D1 * D1)))
