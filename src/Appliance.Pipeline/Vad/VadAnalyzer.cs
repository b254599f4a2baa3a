namespace Appliance.Pipeline.Vad;

/// <summary>
/// Speech start/stop detection for one inbound stream: takes 16-bit PCM in any frame size at 8 or 16 kHz,
/// runs <see cref="SileroVad"/> on each complete 32 ms chunk, gates it by <see cref="VadParams"/> (confidence and
/// RMS level) and debounces it with <see cref="VadState"/>. Allocation-free per call; not thread-safe.
/// </summary>
public sealed class VadAnalyzer
{
    private const float Int16Scale = 1f / 32768f;

    private readonly SileroVad _vad;
    private readonly VadParams _params;
    private readonly float[] _chunk;
    private readonly int _startChunks;
    private readonly int _stopChunks;
    private VadStateMachine _machine;
    private int _buffered;
    private double _sumSquares;

    /// <summary>Creates an analyzer for <paramref name="sampleRate"/> (8000 or 16000) over shared model weights.</summary>
    public VadAnalyzer(SileroModel model, int sampleRate, VadParams? parameters = null)
    {
        _vad = new SileroVad(model, sampleRate);
        _params = parameters ?? new VadParams();
        _chunk = new float[_vad.ChunkSamples];
        double chunkSeconds = (double)_vad.ChunkSamples / sampleRate;
        _startChunks = Math.Max(1, (int)Math.Round(_params.StartSeconds / chunkSeconds));
        _stopChunks = Math.Max(1, (int)Math.Round(_params.StopSeconds / chunkSeconds));
        _machine = new VadStateMachine(_startChunks, _stopChunks);
    }

    /// <summary>8000 or 16000.</summary>
    public int SampleRate => _vad.SampleRate;

    /// <summary>Model chunk size in samples (32 ms); a transition can only be confirmed at a chunk boundary.</summary>
    public int ChunkSamples => _vad.ChunkSamples;

    /// <summary>Current debounce state.</summary>
    public VadState State => _machine.State;

    /// <summary>Samples consumed since creation or <see cref="Reset"/>: the clock transitions are timed on.</summary>
    public long Position { get; private set; }

    /// <summary>Speech probability of the last complete chunk.</summary>
    public float LastConfidence { get; private set; }

    /// <summary>RMS level of the last complete chunk in dBFS (negative infinity for digital silence).</summary>
    public float LastVolumeDbfs { get; private set; } = float.NegativeInfinity;

    /// <summary>The most transitions one <see cref="Analyze"/> call over <paramref name="sampleCount"/> samples can report.</summary>
    public int MaxTransitions(int sampleCount) => (_buffered + sampleCount) / _vad.ChunkSamples;

    /// <summary>
    /// Consumes <paramref name="pcm"/> and writes the transitions it confirmed, in order, to
    /// <paramref name="transitions"/>; returns how many. One slot is enough for frames of up to 32 ms.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="transitions"/> is shorter than <see cref="MaxTransitions"/>.</exception>
    public int Analyze(ReadOnlySpan<short> pcm, Span<VadTransition> transitions)
    {
        if (transitions.Length < MaxTransitions(pcm.Length))
        {
            throw new ArgumentException("Too few transition slots for this much audio; see MaxTransitions.", nameof(transitions));
        }

        int count = 0;
        while (!pcm.IsEmpty)
        {
            int take = Math.Min(pcm.Length, _chunk.Length - _buffered);
            Span<float> target = _chunk.AsSpan(_buffered, take);
            double sum = 0;
            for (int i = 0; i < take; i++)
            {
                float s = pcm[i];
                sum += s * s;
                target[i] = s * Int16Scale;
            }

            _sumSquares += sum;
            _buffered += take;
            Position += take;
            pcm = pcm[take..];
            if (_buffered == _chunk.Length && CompleteChunk(out VadTransition transition))
            {
                transitions[count++] = transition;
            }
        }

        return count;
    }

    /// <summary>Starts a new stream: model state, buffered audio, debounce state and the sample clock.</summary>
    public void Reset()
    {
        _vad.Reset();
        _machine = new VadStateMachine(_startChunks, _stopChunks);
        _buffered = 0;
        _sumSquares = 0;
        Position = 0;
        LastConfidence = 0;
        LastVolumeDbfs = float.NegativeInfinity;
    }

    private bool CompleteChunk(out VadTransition transition)
    {
        LastConfidence = _vad.Process(_chunk);
        double meanSquare = _sumSquares / (_chunk.Length * 32768.0 * 32768.0);
        LastVolumeDbfs = meanSquare > 0 ? (float)(10 * Math.Log10(meanSquare)) : float.NegativeInfinity;
        _buffered = 0;
        _sumSquares = 0;
        bool speech = LastConfidence >= _params.Confidence && LastVolumeDbfs >= _params.MinVolumeDbfs;
        return _machine.Update(speech, Position - _chunk.Length, Position, out transition);
    }
}
