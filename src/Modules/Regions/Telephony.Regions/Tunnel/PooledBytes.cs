using System.Buffers;

namespace Telephony.Regions.Tunnel;

/// <summary>
/// A growing byte buffer on arrays rented from the shared pool. A branch fills one with frames
/// and hands it to the sealer's thread, which returns it to the pool once written: buffering
/// a frame allocates nothing.
/// </summary>
internal sealed class PooledBytes
{
    private byte[] _array;

    public PooledBytes(int initialCapacity) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    private PooledBytes(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _array.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + bytes.Length));
            _array.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }

        bytes.CopyTo(_array.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Clear() => Length = 0;

    /// <summary>Gives the bytes so far to the caller (who must <see cref="Release"/> them) and starts afresh on a new array.</summary>
    public PooledBytes Detach()
    {
        var detached = new PooledBytes(_array, Length);
        _array = ArrayPool<byte>.Shared.Rent(_array.Length);
        Length = 0;
        return detached;
    }

    /// <summary>Back to the pool; the buffer must not be used afterwards.</summary>
    public void Release()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }

        Length = 0;
    }
}
