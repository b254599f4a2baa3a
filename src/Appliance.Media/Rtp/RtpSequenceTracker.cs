namespace Appliance.Media.Rtp;

/// <summary>
/// Per-source sequence validation and extended sequence numbers, following RFC 3550 Appendix A.1 (<c>init_seq</c>/<c>update_seq</c>).
/// A new SSRC restarts validation; feeds the expected/lost counts of RTCP reception reports.
/// </summary>
public sealed class RtpSequenceTracker
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulus = 1 << 16;

    private readonly int _minSequential;
    private bool _hasSource;
    private int _probation;
    private uint _badSequence;

    /// <summary>Creates a tracker; <paramref name="minSequential"/> packets in a row validate a new source (A.1 uses 2; 1 accepts the first packet).</summary>
    public RtpSequenceTracker(int minSequential = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSequential, 1);
        _minSequential = minSequential;
    }

    /// <summary>SSRC of the source being tracked.</summary>
    public uint Ssrc { get; private set; }

    /// <summary>Highest sequence number seen.</summary>
    public ushort MaxSequence { get; private set; }

    /// <summary>Wrap count × 65536.</summary>
    public uint Cycles { get; private set; }

    /// <summary>First sequence number after validation or resynchronization.</summary>
    public uint BaseSequence { get; private set; }

    /// <summary>Valid packets received (duplicates included, as in A.1).</summary>
    public uint Received { get; private set; }

    /// <summary>Highest sequence number extended with the wrap count (the RTCP "extended highest sequence number").</summary>
    public uint ExtendedMaxSequence => Cycles + MaxSequence;

    /// <summary>Packets expected since validation: extended max − base + 1.</summary>
    public uint Expected => Received == 0 ? 0 : ExtendedMaxSequence - BaseSequence + 1;

    /// <summary>True once the current source has passed probation.</summary>
    public bool IsValidated => _hasSource && _probation == 0;

    /// <summary>True after <see cref="Update"/> switched to a new SSRC (cleared by the next call).</summary>
    public bool SourceChanged { get; private set; }

    /// <summary>Processes one packet of <paramref name="ssrc"/> with sequence number <paramref name="sequence"/>.</summary>
    public RtpSequenceResult Update(uint ssrc, ushort sequence)
    {
        SourceChanged = false;
        if (!_hasSource || ssrc != Ssrc)
        {
            SourceChanged = _hasSource;
            _hasSource = true;
            Ssrc = ssrc;
            Restart(sequence);
            MaxSequence = (ushort)(sequence - 1);
            _probation = _minSequential;
        }

        ushort delta = (ushort)(sequence - MaxSequence);
        if (_probation > 0)
        {
            if (sequence == (ushort)(MaxSequence + 1))
            {
                _probation--;
                MaxSequence = sequence;
                if (_probation == 0)
                {
                    Restart(sequence);
                    Received++;
                    return RtpSequenceResult.Valid;
                }
            }
            else
            {
                _probation = _minSequential - 1;
                MaxSequence = sequence;
            }

            return RtpSequenceResult.Probation;
        }

        RtpSequenceResult result = RtpSequenceResult.Valid;
        if (delta < MaxDropout)
        {
            if (sequence < MaxSequence)
            {
                Cycles += SequenceModulus;
            }

            MaxSequence = sequence;
        }
        else if (delta <= SequenceModulus - MaxMisorder)
        {
            if (sequence != _badSequence)
            {
                _badSequence = (uint)((sequence + 1) & (SequenceModulus - 1));
                return RtpSequenceResult.Jump;
            }

            // Two sequential packets after a jump: the sender restarted its numbering (A.1 "resync").
            Restart(sequence);
            result = RtpSequenceResult.Resynchronized;
        }

        Received++;
        return result;
    }

    private void Restart(ushort sequence)
    {
        BaseSequence = sequence;
        MaxSequence = sequence;
        _badSequence = SequenceModulus + 1;
        Cycles = 0;
        Received = 0;
    }
}
