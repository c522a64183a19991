"""Recurrent, hybrid and attention models: channels beyond one-hot, padding, bad arguments."""

import pytest
import torch
from torch.nn import functional
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from gdlbench.models.attention import build_attention
from gdlbench.models.hybrid import build_hybrid
from gdlbench.models.masking import lengths, padding_mask, read_in_chunks, run_rnn
from gdlbench.models.pair import build_pair_rnn
from gdlbench.models.rnn import build_rnn


def _one_hot(n, length, seed=0):
    codes = torch.randint(0, 4, (n, length), generator=torch.Generator().manual_seed(seed))
    return functional.one_hot(codes, 4).float().permute(0, 2, 1)


@pytest.mark.parametrize("build", [build_rnn, build_hybrid, build_attention])
@pytest.mark.parametrize("channels", [4, 7])
def test_any_number_of_channels(build, channels):
    x = torch.rand(3, channels, 40)
    assert build((channels, 40), 2)(x).shape == (3, 2)


def test_padding_mask_and_lengths():
    x = torch.cat([_one_hot(2, 10), torch.zeros(2, 4, 5)], dim=2)
    x[1, :, 8:] = 0
    mask = padding_mask(x)
    assert mask.shape == (2, 15)
    assert lengths(mask).tolist() == [10, 8]


def _packed(rnn, x, mask):
    """The reference: the RNN over packed sequences (outputs zero at padding, final states)."""
    packed = pack_padded_sequence(x, lengths(mask), batch_first=True, enforce_sorted=False)
    outputs, hidden = rnn(packed)
    outputs, _ = pad_packed_sequence(outputs, batch_first=True, total_length=x.shape[1])
    hidden = hidden[0] if isinstance(hidden, tuple) else hidden
    return outputs, hidden.permute(1, 0, 2).reshape(x.shape[0], -1)


@pytest.mark.parametrize("cell", [torch.nn.LSTM, torch.nn.GRU])
@pytest.mark.parametrize("bidirectional", [True, False])
def test_a_one_layer_rnn_runs_unpacked_as_if_packed(cell, bidirectional):
    """Outputs, final states and gradients of padded rows equal packing's, without packing."""
    torch.manual_seed(0)
    rnn = cell(4, 6, batch_first=True, bidirectional=bidirectional)
    x = _one_hot(4, 12).transpose(1, 2).contiguous()
    for row, length in enumerate([12, 9, 1, 5]):
        x[row, length:] = 0
    mask = padding_mask(x.transpose(1, 2))
    results = []
    for run in (run_rnn, _packed):
        rnn.zero_grad()
        outputs, final = run(rnn, x, mask)
        (outputs.square().sum() + final.sum()).backward()
        results.append((outputs, final, [p.grad.clone() for p in rnn.parameters()]))
    (outputs, final, grads), (ref_outputs, ref_final, ref_grads) = results
    torch.testing.assert_close(outputs, ref_outputs)
    torch.testing.assert_close(final, ref_final)
    for grad, ref_grad in zip(grads, ref_grads, strict=True):
        torch.testing.assert_close(grad, ref_grad)


@pytest.mark.parametrize("build", [build_rnn, build_attention])
def test_fixed_length_inputs_run_unpacked_to_the_same_outputs(build):
    """Without padding, the unmasked (unpacked) model equals the masked one, weights shared."""
    torch.manual_seed(0)
    masked = build((4, 30), 2, masked=True).eval()
    plain = build((4, 30), 2, masked=False).eval()
    plain.load_state_dict(masked.state_dict())
    x = _one_hot(5, 30)
    assert padding_mask(x, masked=False) is None
    assert torch.allclose(masked(x), plain(x), atol=1e-6)


@pytest.mark.parametrize(
    "build",
    [
        lambda: build_rnn((4, 25), 1, cell="lstm"),
        lambda: build_rnn((4, 25), 1, cell="lstm", pool="mean"),
        lambda: build_rnn((4, 25), 1, cell="gru", layers=2, pool="mean"),
        lambda: build_rnn((4, 25), 1, cell="gru", layers=2),
        lambda: build_attention((4, 25), 1, encoder="bilstm"),
        lambda: build_attention((4, 25), 1, encoder="conv", kernel_size=1),
    ],
)
def test_right_padding_does_not_change_the_output(build):
    torch.manual_seed(0)
    model = build().eval()
    x = _one_hot(1, 18)
    padded = torch.cat([x, torch.zeros(1, 4, 7)], dim=2)
    batch = torch.cat([padded, _one_hot(1, 25, seed=1)])  # padding beside a full-length row
    torch.testing.assert_close(model(batch)[0], model(x)[0], rtol=1e-5, atol=1e-6)


def test_attention_weights_cover_real_positions_only():
    model = build_attention((4, 20), 1).eval()
    x = torch.cat([_one_hot(2, 14), torch.zeros(2, 4, 6)], dim=2)
    model(x)
    weights = model.last_attention
    assert weights.shape == (2, 20)
    torch.testing.assert_close(weights.sum(dim=1), torch.ones(2))
    assert (weights[:, 14:] == 0).all()


def test_reading_in_chunks_steps_through_consecutive_positions():
    x = _one_hot(2, 25)
    chunked = read_in_chunks(x, 10)
    assert chunked.shape == (2, 40, 3)
    # step 1 holds positions 10-19, channel by channel
    torch.testing.assert_close(chunked[:, :, 1].reshape(2, 4, 10), x[:, :, 10:20])
    assert (chunked[:, :, 2].reshape(2, 4, 10)[:, :, 5:] == 0).all()  # the end, padded
    assert read_in_chunks(x, 1) is x


@pytest.mark.parametrize("build", [build_rnn, build_attention])
def test_a_chunked_model_reads_every_chunk_and_skips_padded_ones(build):
    torch.manual_seed(0)
    model = build((4, 30), 1, chunk=10).eval()
    x = _one_hot(2, 20)
    padded = torch.cat([x, torch.zeros(2, 4, 10)], dim=2)  # one more chunk, all padding
    torch.testing.assert_close(model(padded), model(x), rtol=1e-5, atol=1e-6)
    if build is build_attention:
        assert model.last_attention.shape == (2, 2)
    changed = x.clone()
    changed[:, :, 19] = x[:, :, 19].roll(1, dims=1)  # another base, in the last real chunk
    assert not torch.allclose(model(changed), model(x))


def test_bad_arguments_are_value_errors():
    for build, shape in ((build_rnn, (4, 10)), (build_pair_rnn, (8, 10))):
        with pytest.raises(ValueError, match="cell must be one of"):
            build(shape, 1, cell="transformer")
    with pytest.raises(ValueError, match="pool must be one of"):
        build_rnn((4, 10), 1, pool="sum")
    with pytest.raises(ValueError, match="encoder must be one of"):
        build_attention((4, 10), 1, encoder="mlp")
