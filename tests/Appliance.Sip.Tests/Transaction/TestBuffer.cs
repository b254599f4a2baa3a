using System.Buffers;
using System.Text;

namespace Appliance.Sip.Tests.Transaction;

/// <summary>An owned message buffer that records its disposal, so tests can check the transactions release what they own.</summary>
internal sealed class TestBuffer : IMemoryOwner<byte>
{
    public TestBuffer(string text) => Memory = Encoding.ASCII.GetBytes(text);

    public Memory<byte> Memory { get; }

    public bool IsDisposed { get; private set; }

    public void Dispose() => IsDisposed = true;
}
