/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WRTC_CRC32_H
#define WRTC_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * CRC-32 of ISO-HDLC / IEEE 802.3 (reflected polynomial 0xEDB88320, as zlib
 * and STUN's FINGERPRINT use): start with @crc = 0 and feed the result of
 * one call to the next to cover data in pieces.
 * wrtc_crc32(0, "123456789", 9) == 0xCBF43926.
 */
uint32_t wrtc_crc32(uint32_t crc, const void *buf, size_t len);

#endif /* WRTC_CRC32_H */
