namespace Appliance.Media.Resampling;

/// <summary>
/// Streaming polyphase windowed-sinc (Kaiser) sample-rate converter for one audio stream, e.g. 8 kHz ↔ 16/24/48 kHz.
/// Filter tables are shared per rate pair; an instance holds only its input history, so feeding a signal in 20 ms
/// frames gives exactly the samples that feeding it in one call would. Not thread-safe; one per stream direction.
/// </summary>
public sealed class Resampler
{
    /// <summary>Input samples converted per inner pass; larger calls are split, which does not change the output.</summary>
    private const int ChunkSamples = 960;

    private readonly PolyphaseFilter? _filter;
    private readonly float[] _window;
    private readonly float[] _scratch;
    private readonly int _history;

    // Position of the next output sample: input index relative to the current chunk, and sub-sample phase (0..L-1).
    private int _index;
    private int _phase;

    public Resampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        if (inputRate == outputRate)
        {
            _window = [];
            _scratch = [];
            return;
        }

        _filter = PolyphaseFilter.Get(inputRate, outputRate);
        _history = _filter.TapsPerPhase - 1;
        _window = new float[_history + ChunkSamples];
        _scratch = new float[(ChunkSamples * _filter.Interpolation / _filter.Decimation) + 2];
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>Group delay in output samples (0 when the rates are equal).</summary>
    public double DelaySamples => _filter?.DelayOutputSamples ?? 0;

    /// <summary>Exactly how many samples the next call with <paramref name="inputLength"/> samples will write.</summary>
    public int GetOutputLength(int inputLength)
    {
        if (_filter is null)
        {
            return inputLength;
        }

        // Outputs sit at up-sampled positions index·L + phase + k·M that are below inputLength·L.
        long remaining = ((long)inputLength * _filter.Interpolation) - (((long)_index * _filter.Interpolation) + _phase);
        return remaining <= 0 ? 0 : (int)((remaining + _filter.Decimation - 1) / _filter.Decimation);
    }

    /// <summary>Converts 16-bit PCM (the codec path). Returns the samples written; output must hold <see cref="GetOutputLength"/>.</summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        int total = GetOutputLength(input.Length);
        if (output.Length < total)
        {
            ThrowHelper.ThrowArgument(nameof(output));
        }

        if (_filter is null)
        {
            input.CopyTo(output);
            return input.Length;
        }

        int written = 0;
        while (!input.IsEmpty)
        {
            int count = Math.Min(input.Length, ChunkSamples);
            Span<float> fresh = _window.AsSpan(_history, count);
            for (int i = 0; i < fresh.Length; i++)
            {
                fresh[i] = input[i];
            }

            int produced = Filter(count, _scratch);
            Span<short> destination = output.Slice(written, produced);
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = Saturate(_scratch[i]);
            }

            written += produced;
            input = input[count..];
        }

        return written;
    }

    /// <summary>Converts float samples (any scale). Returns the samples written; output must hold <see cref="GetOutputLength"/>.</summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int total = GetOutputLength(input.Length);
        if (output.Length < total)
        {
            ThrowHelper.ThrowArgument(nameof(output));
        }

        if (_filter is null)
        {
            input.CopyTo(output);
            return input.Length;
        }

        int written = 0;
        while (!input.IsEmpty)
        {
            int count = Math.Min(input.Length, ChunkSamples);
            input[..count].CopyTo(_window.AsSpan(_history));
            written += Filter(count, output[written..]);
            input = input[count..];
        }

        return written;
    }

    /// <summary>Forgets the history, as if the stream started again (e.g. after a resynchronisation).</summary>
    public void Reset()
    {
        Array.Clear(_window);
        _index = 0;
        _phase = 0;
    }

    /// <summary>Filters the <paramref name="count"/> new samples already placed after the history, then keeps the newest history.</summary>
    private int Filter(int count, Span<float> output)
    {
        PolyphaseFilter filter = _filter!;
        int taps = filter.TapsPerPhase;
        int interpolation = filter.Interpolation;
        int decimation = filter.Decimation;
        ReadOnlySpan<float> coefficients = filter.Coefficients;
        ReadOnlySpan<float> window = _window;
        int index = _index;
        int phase = _phase;
        int written = 0;
        while (index < count)
        {
            // window[index + taps - 1] is the chunk's sample 'index'; the window ends there.
            output[written++] = VectorMath.Dot(coefficients.Slice(phase * taps, taps), window.Slice(index, taps));
            phase += decimation;
            index += phase / interpolation;
            phase %= interpolation;
        }

        _index = index - count;
        _phase = phase;
        _window.AsSpan(count, _history).CopyTo(_window);
        return written;
    }

    private static short Saturate(float value)
    {
        float rounded = MathF.Round(value);
        return rounded >= short.MaxValue ? short.MaxValue : rounded <= short.MinValue ? short.MinValue : (short)rounded;
    }
}
