using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Appliance.Media.Jitter;

/// <summary>Keeps throw sites out of per-frame methods.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [StackTraceHidden]
    public static void ThrowFrameLength(string paramName) =>
        throw new ArgumentException("Frame length differs from the one the concealer was created for.", paramName);
}
