#include "engine/store/store_reader.hpp"

#include <system_error>

#include "engine/core/error.hpp"
#include "engine/store/hdf5_helpers.hpp"
#include "engine/store/store_reader_impl.hpp"

namespace harmcast {

using namespace store_detail;

namespace {

const char* const kDamagedHint =
    "The file may be damaged or written by another program; re-run the experiment to write a "
    "fresh results store.";

std::string kind_with_article(StoreObjectKind kind) {
  switch (kind) {
    case StoreObjectKind::Array:
      return "an array";
    case StoreObjectKind::OtherDataset:
      return "a dataset not written by harmcast";
    default:
      return "a " + to_string(kind);
  }
}

}  // namespace

std::string to_string(StoreObjectKind kind) {
  switch (kind) {
    case StoreObjectKind::Missing:
      return "missing";
    case StoreObjectKind::Group:
      return "group";
    case StoreObjectKind::Table:
      return "table";
    case StoreObjectKind::Array:
      return "array";
    case StoreObjectKind::Text:
      return "text";
    case StoreObjectKind::Strings:
      return "string list";
    case StoreObjectKind::OtherDataset:
      return "dataset";
  }
  throw InternalError("to_string(StoreObjectKind): unknown enumerator");
}

std::string attribute_text(const AttributeValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* real = std::get_if<double>(&value)) return format_double(*real);
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
  std::string joined;
  for (const auto& item : std::get<std::vector<std::string>>(value)) {
    if (!joined.empty()) joined += ", ";
    joined += item;
  }
  return joined;
}

std::string StoreReader::Impl::where(const std::string& object_path) const {
  return path.string() + ":" + object_path;
}

StoreObjectKind StoreReader::Impl::kind(const std::string& object_path) const {
  if (!path_exists(file, object_path)) return StoreObjectKind::Missing;
  if (object_path == "/") return StoreObjectKind::Group;
  const auto [parent, leaf] = split_parent(object_path);
  const H5::Group group = file.openGroup(parent);
  const H5O_type_t type = group.childObjType(leaf);
  if (type == H5O_TYPE_GROUP) {
    return string_attribute(group.openGroup(leaf), "kind") == "table" ? StoreObjectKind::Table
                                                                      : StoreObjectKind::Group;
  }
  if (type != H5O_TYPE_DATASET) return StoreObjectKind::OtherDataset;
  const auto kind = string_attribute(group.openDataSet(leaf), "kind");
  if (kind == "array") return StoreObjectKind::Array;
  if (kind == "text") return StoreObjectKind::Text;
  if (kind == "strings") return StoreObjectKind::Strings;
  return StoreObjectKind::OtherDataset;
}

H5::Group StoreReader::Impl::open_table(const std::string& object_path) const {
  const StoreObjectKind found = kind(object_path);
  if (found == StoreObjectKind::Missing) {
    throw Error(where(object_path), "there is no table at this path in the results store",
                "Run `harmcast inspect " + path.string() + "` to list what the store holds.");
  }
  if (found != StoreObjectKind::Table) {
    throw Error(where(object_path), "expected a table but found " + kind_with_article(found),
                "Run `harmcast inspect " + path.string() + "` to list what the store holds.");
  }
  return file.openGroup(object_path);
}

H5::DataSet StoreReader::Impl::open_dataset(const std::string& object_path,
                                            const std::string& wanted) const {
  const StoreObjectKind found = kind(object_path);
  const bool is_dataset = found == StoreObjectKind::Array || found == StoreObjectKind::Text ||
                          found == StoreObjectKind::Strings ||
                          found == StoreObjectKind::OtherDataset;
  if (!is_dataset) {
    throw Error(where(object_path),
                "expected " + wanted + " but found " +
                    (found == StoreObjectKind::Missing ? std::string("nothing at this path")
                                                       : kind_with_article(found)),
                "Run `harmcast inspect " + path.string() + "` to list what the store holds.");
  }
  return file.openDataSet(object_path);
}

StoreReader::StoreReader(std::filesystem::path path) : impl_(std::make_unique<Impl>()) {
  quiet_hdf5();
  impl_->path = std::move(path);
  const auto& file_path = impl_->path;
  std::error_code ec;
  if (!std::filesystem::exists(file_path, ec)) {
    throw Error(file_path.string(), "the results file does not exist",
                "Check the path; `harmcast run` writes results.h5 into the run's output folder.");
  }
  if (std::filesystem::is_directory(file_path, ec)) {
    throw Error(file_path.string(), "is a folder, not a results file",
                "Give the .h5 file inside it, e.g. " + (file_path / "results.h5").string() + ".");
  }
  bool is_hdf5 = false;
  try {
    is_hdf5 = H5::H5File::isHdf5(file_path.string());
  } catch (const H5::Exception&) {  // unreadable or empty: not an HDF5 file for our purposes
    is_hdf5 = false;
  }
  if (!is_hdf5) {
    throw Error(file_path.string(), "is not an HDF5 file, so it is not a harmcast results store",
                "Pass the .h5 file written by `harmcast run` (not a CSV table or the HTML "
                "report).");
  }
  guarded(file_path, "/", "open the results file",
          [&] { impl_->file.openFile(file_path.string(), H5F_ACC_RDONLY); });
}

StoreReader::~StoreReader() = default;

const std::filesystem::path& StoreReader::path() const { return impl_->path; }

bool StoreReader::exists(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "look up the object",
                 [&] { return path_exists(impl_->file, object_path); });
}

StoreObjectKind StoreReader::kind(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "look up the object",
                 [&] { return impl_->kind(object_path); });
}

std::vector<std::string> StoreReader::children(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "list the group", [&] {
    const StoreObjectKind found = impl_->kind(object_path);
    if (found != StoreObjectKind::Group && found != StoreObjectKind::Table) {
      throw Error(impl_->where(object_path), "expected a group but found " + to_string(found),
                  "Run `harmcast inspect " + impl_->path.string() + "` to list the store.");
    }
    const H5::Group group = impl_->file.openGroup(object_path);
    std::vector<std::string> names;
    const hsize_t count = group.getNumObjs();
    for (hsize_t i = 0; i < count; ++i) names.push_back(group.getObjnameByIdx(i));
    return names;
  });
}

std::vector<std::size_t> StoreReader::shape(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "read the dataset shape", [&] {
    std::vector<std::size_t> dims;
    for (hsize_t d : dataset_dims(impl_->open_dataset(object_path, "a dataset"))) {
      dims.push_back(static_cast<std::size_t>(d));
    }
    return dims;
  });
}

std::string StoreReader::element_type(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "read the dataset type", [&] {
    const H5::DataSet dataset = impl_->open_dataset(object_path, "a dataset");
    const H5T_class_t type_class = dataset.getTypeClass();
    if (type_class == H5T_STRING) return std::string("string");
    if (type_class == H5T_FLOAT) {
      return "float" + std::to_string(8 * dataset.getFloatType().getSize());
    }
    if (type_class == H5T_INTEGER) {
      const H5::IntType type = dataset.getIntType();
      return std::string(type.getSign() == H5T_SGN_NONE ? "uint" : "int") +
             std::to_string(8 * type.getSize());
    }
    return std::string("other");
  });
}

Table StoreReader::read_table(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "read the table", [&] {
    const H5::Group group = impl_->open_table(object_path);
    const auto names_value = group.attrExists("columns")
                                 ? read_attribute(group.openAttribute("columns"))
                                 : AttributeValue{};
    const auto* names = std::get_if<std::vector<std::string>>(&names_value);
    if (!names) {
      throw Error(impl_->where(object_path), "the table has no list of columns", kDamagedHint);
    }
    const bool has_masks = group.nameExists(".missing");
    const H5::Group masks = has_masks ? group.openGroup(".missing") : H5::Group();
    Table table;
    for (const auto& name : *names) {
      const std::string link = escape_link_name(name);
      const std::string column_where = impl_->where(object_path + "/" + link);
      if (!group.nameExists(link)) {
        throw Error(column_where,
                    "the table lists column \"" + name + "\" but holds no data for it",
                    kDamagedHint);
      }
      const H5::DataSet dataset = group.openDataSet(link);
      std::vector<std::uint8_t> missing;
      if (has_masks && masks.nameExists(link)) missing = read_uint8s(masks.openDataSet(link));
      const std::string type = string_attribute(dataset, "type").value_or("");
      if (type == "float") {
        table.add_column(Column::floats(name, read_doubles(dataset), std::move(missing)));
      } else if (type == "integer") {
        table.add_column(Column::integers(name, read_int64s(dataset), std::move(missing)));
      } else if (type == "boolean") {
        table.add_column(Column::booleans(name, read_int64s(dataset), std::move(missing)));
      } else if (type == "categorical") {
        if (!group.nameExists(".levels") || !group.openGroup(".levels").nameExists(link)) {
          throw Error(column_where, "the categorical column has no list of levels", kDamagedHint);
        }
        auto levels = read_string_list(group.openGroup(".levels").openDataSet(link));
        table.add_column(
            Column::categorical(name, read_int32s(dataset), std::move(levels), std::move(missing)));
      } else if (type == "period") {
        const std::string frequency_text = string_attribute(dataset, "frequency").value_or("");
        const auto frequency = frequency_from_string(frequency_text);
        if (!frequency) {
          throw Error(column_where,
                      "the period column has an unknown frequency \"" + frequency_text + "\"",
                      kDamagedHint);
        }
        table.add_column(
            Column::periods(name, *frequency, read_int64s(dataset), std::move(missing)));
      } else {
        throw Error(column_where, "the column has an unknown type \"" + type + "\"", kDamagedHint);
      }
    }
    return table;
  });
}

ArrayData StoreReader::read_array(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "read the array", [&] {
    const H5::DataSet dataset = impl_->open_dataset(object_path, "an array");
    const H5T_class_t type_class = dataset.getTypeClass();
    if (type_class != H5T_FLOAT && type_class != H5T_INTEGER) {
      throw Error(impl_->where(object_path), "expected a numeric array but found text",
                  "Read it with read_text or read_strings.");
    }
    ArrayData data;
    for (hsize_t d : dataset_dims(dataset)) data.dims.push_back(static_cast<std::size_t>(d));
    data.values = read_doubles(dataset);
    return data;
  });
}

Eigen::MatrixXd StoreReader::read_matrix(const std::string& raw_path) const {
  const ArrayData data = read_array(raw_path);
  if (data.dims.size() > 2) {
    throw Error(
        impl_->where(normalise_path(raw_path)),
        "expected a matrix but the array has " + std::to_string(data.dims.size()) + " dimensions",
        "Read it with read_array.");
  }
  const auto rows = static_cast<Eigen::Index>(data.dims.empty() ? 1 : data.dims[0]);
  const auto cols = static_cast<Eigen::Index>(data.dims.size() == 2 ? data.dims[1] : 1);
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMajor>(data.values.data(), rows, cols);
}

std::vector<std::int64_t> StoreReader::read_int_array(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "read the integer array", [&] {
    const H5::DataSet dataset = impl_->open_dataset(object_path, "an integer array");
    if (dataset.getTypeClass() != H5T_INTEGER) {
      throw Error(impl_->where(object_path),
                  "expected an integer array but the data are not "
                  "integers",
                  "Read it with read_array.");
    }
    return read_int64s(dataset);
  });
}

std::string StoreReader::read_text(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "read the text", [&] {
    const H5::DataSet dataset = impl_->open_dataset(object_path, "a text");
    if (dataset.getTypeClass() != H5T_STRING ||
        dataset.getSpace().getSimpleExtentType() != H5S_SCALAR) {
      throw Error(impl_->where(object_path), "expected a single text but found other data",
                  "Read it with read_array or read_strings.");
    }
    return read_scalar_string(dataset);
  });
}

std::vector<std::string> StoreReader::read_strings(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "read the string list", [&] {
    const H5::DataSet dataset = impl_->open_dataset(object_path, "a string list");
    if (dataset.getTypeClass() != H5T_STRING ||
        dataset.getSpace().getSimpleExtentType() == H5S_SCALAR) {
      throw Error(impl_->where(object_path), "expected a list of strings but found other data",
                  "Read it with read_array or read_text.");
    }
    return read_string_list(dataset);
  });
}

std::map<std::string, AttributeValue> StoreReader::attributes(const std::string& raw_path) const {
  const std::string object_path = normalise_path(raw_path);
  return guarded(impl_->path, object_path, "read the attributes", [&] {
    const StoreObjectKind found = impl_->kind(object_path);
    if (found == StoreObjectKind::Missing) {
      throw Error(impl_->where(object_path), "there is nothing at this path in the results store",
                  "Run `harmcast inspect " + impl_->path.string() + "` to list the store.");
    }
    if (found == StoreObjectKind::Group || found == StoreObjectKind::Table) {
      return read_attributes(impl_->file.openGroup(object_path));
    }
    return read_attributes(impl_->file.openDataSet(object_path));
  });
}

std::optional<AttributeValue> StoreReader::attribute(const std::string& object_path,
                                                     const std::string& name) const {
  auto all = attributes(object_path);
  const auto found = all.find(name);
  if (found == all.end()) return std::nullopt;
  return std::move(found->second);
}

}  // namespace harmcast
