// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title Cid
 * @notice Compact storage of IPFS CIDv1 with a SHA-256 multihash, the form `ipfs add --cid-version 1` gives:
 * binary `0x01 <codec> 0x12 0x20 <32-byte digest>`. Stored as one codec byte and one digest word instead of a
 * 59-character string (three storage words), and turned back into bytes or the base32 text form in views.
 */
library Cid {
    uint256 internal constant LENGTH = 36;
    bytes private constant BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    /// @notice Splits a binary CIDv1 into codec and digest; `ok` is false unless it has exactly the supported form.
    function parse(bytes calldata cid) internal pure returns (bool ok, uint8 codec, bytes32 digest) {
        if (cid.length != LENGTH || cid[0] != 0x01 || cid[2] != 0x12 || cid[3] != 0x20) return (false, 0, 0);
        codec = uint8(cid[1]);
        // codec 0 is the identity codec; 0x80 and above would be a longer varint
        if (codec == 0 || codec >= 0x80) return (false, 0, 0);
        return (true, codec, bytes32(cid[4:LENGTH]));
    }

    /// @notice The binary CIDv1 of `codec` and SHA-256 `digest`.
    function encode(uint8 codec, bytes32 digest) internal pure returns (bytes memory) {
        return abi.encodePacked(uint8(0x01), codec, uint8(0x12), uint8(0x20), digest);
    }

    /// @notice The text form IPFS prints: multibase prefix `b`, then lower-case RFC 4648 base32 without padding.
    function toBase32(bytes memory cid) internal pure returns (string memory) {
        uint256 chars = (cid.length * 8 + 4) / 5;
        bytes memory out = new bytes(chars + 1);
        out[0] = "b";
        uint256 buffer;
        uint256 bits;
        uint256 j = 1;
        for (uint256 i = 0; i < cid.length; i++) {
            buffer = (buffer << 8) | uint8(cid[i]);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[j++] = BASE32_ALPHABET[(buffer >> bits) & 31];
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) out[j] = BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
        return string(out);
    }
}
