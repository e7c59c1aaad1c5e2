using System.Buffers;
using Telephony.Regions.Data;

namespace Telephony.Regions.Central;

/// <summary>
/// The bytes of one append, on an array rented from a pool of its own: a recording host sends
/// and receives appends of up to hundreds of kilobytes several times a second, and a fresh array
/// each time was most of what it allocated (large arrays, which also force full collections).
/// Ownership moves with the append: whoever holds it last disposes it, which returns the array.
/// </summary>
internal sealed class RentedBytes : IDisposable
{
    /// <summary>Sized for the uploader's concurrent appends (and as many arriving from peers); larger asks are not pooled.</summary>
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(RegionsRules.MaxAppendBytes, maxArraysPerBucket: 64);

    private byte[]? _array;

    public RentedBytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = Pool.Rent(length);
        Length = length;
    }

    public int Length { get; }

    public Memory<byte> Memory => _array is { } array ? array.AsMemory(0, Length) : throw new ObjectDisposedException(nameof(RentedBytes));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            Pool.Return(array);
        }
    }
}
