// ResultsStore::write_table: a Table as a group of column datasets (layout in results_store.hpp).
#include "engine/core/error.hpp"
#include "engine/store/hdf5_helpers.hpp"
#include "engine/store/results_store.hpp"
#include "engine/store/store_writer_impl.hpp"
#include "engine/table/table.hpp"

namespace harmcast {

using namespace store_detail;

namespace {

void write_column(const H5::Group& group, const Column& column) {
  const std::string link = escape_link_name(column.name());
  const hsize_t rows = column.size();
  switch (column.type()) {
    case ColumnType::Float:
      write_doubles(group, link, column.reals().data(), {rows});
      break;
    case ColumnType::Integer:
      write_int64s(group, link, column.ints().data(), {rows});
      break;
    case ColumnType::Boolean: {
      std::vector<std::int8_t> flags(column.ints().begin(), column.ints().end());
      write_int8s(group, link, flags.data(), rows);
      break;
    }
    case ColumnType::Categorical: {
      write_int32s(group, link, column.codes().data(), rows);
      const H5::Group levels =
          group.nameExists(".levels") ? group.openGroup(".levels") : group.createGroup(".levels");
      write_string_list(levels, link, column.levels());
      break;
    }
    case ColumnType::Period:
      write_int64s(group, link, column.ints().data(), {rows});
      break;
  }
  const H5::DataSet dataset = group.openDataSet(link);
  write_attribute(dataset, "name", column.name());
  write_attribute(dataset, "type", to_string(column.type()));
  if (column.type() == ColumnType::Period) {
    write_attribute(dataset, "frequency", to_string(column.frequency()));
  }
  if (column.has_missing()) {
    const H5::Group masks =
        group.nameExists(".missing") ? group.openGroup(".missing") : group.createGroup(".missing");
    write_uint8s(masks, link, column.missing_mask().data(), rows);
  }
}

}  // namespace

void ResultsStore::write_table(const std::string& raw_path, const Table& table) {
  const std::string path = normalise_path(raw_path);
  guarded(target(), path, "write the table", [&] {
    auto [parent, name] = impl_->new_object(path);
    const H5::Group group = parent.createGroup(name);
    write_attribute(group, "kind", std::string("table"));
    write_attribute(group, "rows", static_cast<std::int64_t>(table.rows()));
    write_attribute(group, "columns", table.column_names());
    for (std::size_t i = 0; i < table.cols(); ++i) write_column(group, table.column(i));
  });
}

}  // namespace harmcast
