#pragma once
// torch.optim.lr_scheduler.CosineAnnealingLR: the learning rate of each epoch, bit for bit as
// PyTorch 1.13 sets it into param_groups[0]['lr'].

#include <cstddef>

namespace recur {

// The most epochs cosine_annealing_lr computes (its recursion walks every epoch before).
inline constexpr std::size_t max_scheduler_epochs = 1'000'000;

// The lr after `epoch` calls of scheduler.step() (epoch 0: base_lr, the lr the optimizer was made
// with) for CosineAnnealingLR(optimizer, T_max, eta_min). PyTorch computes each epoch's lr from
// the one before (its "chainable" form, not the closed formula), in double; so does this, so that
// the float the optimizer rounds it to is the same. Past T_max the lr rises again, as PyTorch's
// does. Throws recur::Error for T_max 0 or an epoch past max_scheduler_epochs.
double cosine_annealing_lr(double base_lr, std::size_t t_max, std::size_t epoch, double eta_min = 0);

}  // namespace recur
