namespace Appliance.Pipeline.Recording;

/// <summary>A growable FIFO of samples for one recording channel; used only by the writer thread.</summary>
internal sealed class SampleFifo
{
    private short[] _samples = new short[4096];
    private int _head;

    public int Count { get; private set; }

    public ReadOnlySpan<short> Pending => _samples.AsSpan(_head, Count);

    public void Append(ReadOnlySpan<short> samples)
    {
        if (_head + Count + samples.Length > _samples.Length)
        {
            if (Count + samples.Length > _samples.Length)
            {
                Array.Resize(ref _samples, Math.Max(_samples.Length * 2, Count + samples.Length));
            }

            _samples.AsSpan(_head, Count).CopyTo(_samples);
            _head = 0;
        }

        samples.CopyTo(_samples.AsSpan(_head + Count));
        Count += samples.Length;
    }

    public void Consume(int count)
    {
        count = Math.Min(count, Count);
        _head += count;
        Count -= count;
        if (Count == 0)
        {
            _head = 0;
        }
    }
}
