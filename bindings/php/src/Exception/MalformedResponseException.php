<?php

declare(strict_types=1);

namespace Faspay\Exception;

/** A body that is not the promised XML or JSON (HTML page, truncation, oversize). */
class MalformedResponseException extends FaspayException
{
}
