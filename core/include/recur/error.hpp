#pragma once
// The one exception type the core throws for anything a user can get wrong.
// Its message says what was wrong and where, in words a learner can act on.

#include <stdexcept>
#include <string>

namespace recur {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace recur
