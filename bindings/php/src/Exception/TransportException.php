<?php

declare(strict_types=1);

namespace Faspay\Exception;

/** Connect, TLS, reset or a non-2xx HTTP status. */
class TransportException extends FaspayException
{
}
