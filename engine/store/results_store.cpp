#include "engine/store/results_store.hpp"

#include <numeric>

#include "engine/core/error.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/store/hdf5_helpers.hpp"
#include "engine/store/store_writer_impl.hpp"

namespace harmcast {

using namespace store_detail;

namespace {

std::vector<hsize_t> checked_dims(const std::string& path, std::size_t value_count,
                                  std::vector<std::size_t> dims) {
  if (dims.empty()) dims = {value_count};
  const std::size_t product =
      std::accumulate(dims.begin(), dims.end(), std::size_t{1}, std::multiplies<>());
  if (product != value_count || dims.size() > 32) {
    throw InternalError("write_array(" + path + "): shape holds " + std::to_string(product) +
                        " values in " + std::to_string(dims.size()) + " dimensions but " +
                        std::to_string(value_count) + " were given");
  }
  return {dims.begin(), dims.end()};
}

}  // namespace

ResultsStore::Impl::Impl(std::filesystem::path target_path) : output(std::move(target_path)) {
  quiet_hdf5();
  guarded(output.target(), "/", "create the results file " + output.temp_path().string(), [&] {
    H5::FileAccPropList access;
    // The 1.8 file format allows creation-ordered and large attribute storage; every HDF5 reader
    // since 2008 (h5py, R hdf5r, MATLAB) reads it.
    access.setLibverBounds(H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    file.emplace(output.temp_path().string(), H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT,
                 access);
    const H5::Group root = file->openGroup("/");
    write_attribute(root, "format", std::string(kStoreFormatName));
    write_attribute(root, "format_version", kStoreFormatVersion);
  });
}

void ResultsStore::Impl::check_writable(const std::string& path) const {
  if (committed) {
    throw InternalError("results store " + output.target().string() +
                        " was already committed; cannot write " + path);
  }
}

std::pair<H5::Group, std::string> ResultsStore::Impl::new_object(const std::string& path) {
  check_writable(path);
  if (path == "/") throw InternalError("cannot write a dataset or table at the store root");
  if (path_exists(*file, path)) {
    throw InternalError("results store " + output.target().string() + ": \"" + path +
                        "\" was already written");
  }
  auto [parent, leaf] = split_parent(path);
  return {ensure_group(*file, parent), leaf};
}

ResultsStore::ResultsStore(std::filesystem::path target)
    : impl_(std::make_unique<Impl>(std::move(target))) {}

ResultsStore::~ResultsStore() {
  // Close HDF5's handle before AtomicOutput removes the temporary file.
  if (impl_ && !impl_->committed) {
    try {
      impl_->file.reset();
    } catch (...) {  // nothing useful to do while unwinding; the temp file is removed anyway
    }
  }
}

const std::filesystem::path& ResultsStore::target() const { return impl_->output.target(); }
const std::filesystem::path& ResultsStore::temp_path() const { return impl_->output.temp_path(); }

void ResultsStore::write_array(const std::string& raw_path, std::span<const double> values,
                               std::vector<std::size_t> dims) {
  const std::string path = normalise_path(raw_path);
  const auto shape = checked_dims(path, values.size(), std::move(dims));
  guarded(target(), path, "write the array", [&] {
    auto [group, name] = impl_->new_object(path);
    write_doubles(group, name, values.data(), shape);
    write_attribute(group.openDataSet(name), "kind", std::string("array"));
  });
}

void ResultsStore::write_array(const std::string& path, const Eigen::MatrixXd& matrix) {
  // Eigen is column-major by default; the store is row-major like numpy and h5py.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major = matrix;
  write_array(path, std::span<const double>(row_major.data(), row_major.size()),
              {static_cast<std::size_t>(matrix.rows()), static_cast<std::size_t>(matrix.cols())});
}

void ResultsStore::write_int_array(const std::string& raw_path,
                                   std::span<const std::int64_t> values,
                                   std::vector<std::size_t> dims) {
  const std::string path = normalise_path(raw_path);
  const auto shape = checked_dims(path, values.size(), std::move(dims));
  guarded(target(), path, "write the integer array", [&] {
    auto [group, name] = impl_->new_object(path);
    write_int64s(group, name, values.data(), shape);
    write_attribute(group.openDataSet(name), "kind", std::string("array"));
  });
}

void ResultsStore::write_text(const std::string& raw_path, std::string_view text) {
  const std::string path = normalise_path(raw_path);
  if (text.find('\0') != std::string_view::npos) {
    throw Error(target().string() + ":" + path, "the text to store contains a NUL byte",
                "Store binary content as an array instead of text.");
  }
  guarded(target(), path, "write the text", [&] {
    auto [group, name] = impl_->new_object(path);
    write_scalar_string(group, name, text);
    write_attribute(group.openDataSet(name), "kind", std::string("text"));
  });
}

void ResultsStore::write_strings(const std::string& raw_path,
                                 const std::vector<std::string>& values) {
  const std::string path = normalise_path(raw_path);
  guarded(target(), path, "write the string list", [&] {
    auto [group, name] = impl_->new_object(path);
    write_string_list(group, name, values);
    write_attribute(group.openDataSet(name), "kind", std::string("strings"));
  });
}

H5::Group ResultsStore::Impl::group_for_attributes(const std::string& path) {
  check_writable(path);
  return ensure_group(*file, path);
}

void ResultsStore::set_attribute(const std::string& raw_path, const std::string& name,
                                 const AttributeValue& value) {
  const std::string path = normalise_path(raw_path);
  guarded(target(), path, "set the attribute \"" + name + "\"", [&] {
    impl_->check_writable(path);
    if (path != "/" && path_exists(*impl_->file, path)) {
      auto [parent, leaf] = split_parent(path);
      const H5::Group group = impl_->file->openGroup(parent);
      if (group.childObjType(leaf) == H5O_TYPE_DATASET) {
        write_attribute(group.openDataSet(leaf), name, value);
        return;
      }
    }
    write_attribute(impl_->group_for_attributes(path), name, value);
  });
}

void ResultsStore::set_unsigned_attribute(const std::string& raw_path, const std::string& name,
                                          std::uint64_t value) {
  const std::string path = normalise_path(raw_path);
  guarded(target(), path, "set the attribute \"" + name + "\"",
          [&] { write_unsigned_attribute(impl_->group_for_attributes(path), name, value); });
}

bool ResultsStore::exists(const std::string& raw_path) const {
  const std::string path = normalise_path(raw_path);
  if (impl_->committed) return false;
  return guarded(target(), path, "look up the object",
                 [&] { return path_exists(*impl_->file, path); });
}

void ResultsStore::commit() {
  impl_->check_writable("(commit)");
  guarded(target(), "/", "finish writing the results file", [&] {
    impl_->file->flush(H5F_SCOPE_GLOBAL);
    impl_->file->close();
    impl_->file.reset();
  });
  impl_->committed = true;
  impl_->output.commit();
}

}  // namespace harmcast
