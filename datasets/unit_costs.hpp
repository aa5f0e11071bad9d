#pragma once
// The shipped value-for-money data files (datasets/data/, see README_unit_costs.md).
//
// Header-only on purpose: the data directory is the compile definition HARMCAST_DATA_DIR, which
// CMake gives to harmcast_datasets and everything linking it, while the loaders live in
// harmcast_models (models/value). Including this header from code that links both (the runner,
// the command line, application tests) gives the defaults without a models -> datasets link.
#include <string>

#include "models/value/price_year.hpp"
#include "models/value/unit_costs.hpp"

#ifndef HARMCAST_DATA_DIR
#error "datasets/unit_costs.hpp needs HARMCAST_DATA_DIR: link the target with harmcast_datasets"
#endif

namespace harmcast::datasets {

inline std::string unit_costs_path() {
  return std::string(HARMCAST_DATA_DIR) + "/unit_costs_home_office_2018.csv";
}
inline std::string gdp_deflator_path() {
  return std::string(HARMCAST_DATA_DIR) + "/gdp_deflator.csv";
}

// Home Office 2018 unit costs of crime, 2015/16 prices (Heeks et al., Research Report 99).
inline value::UnitCostTable default_unit_costs() {
  return value::load_unit_costs(unit_costs_path(), "2015/16");
}

// HM Treasury GDP deflator at market prices, calendar years 1990-2024, 2024 = 100 (December
// 2025 release; see datasets/data/README_unit_costs.md).
inline value::DeflatorSeries default_deflator() {
  return value::load_deflator(gdp_deflator_path());
}

}  // namespace harmcast::datasets
